package io.vigil.watcher.persistence;

import static io.vigil.core.persistence.NativeSql.select;
import static io.vigil.core.persistence.NativeSql.update;
import static io.vigil.watcher.persistence.SqlRows.bytes;
import static io.vigil.watcher.persistence.SqlRows.hex;

import io.vigil.core.persistence.SqlValues;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.math.BigInteger;
import java.util.Optional;

/**
 * The watcher_outcome table: what became of each channel Vigil answered a breach on: the dispute,
 * the settle and the bounty. Every method runs inside the caller's transaction.
 */
@ApplicationScoped
public class OutcomeRepository extends WatcherTable {

  public OutcomeRepository(EntityManager em) {
    super(em);
  }

  public Optional<OutcomeRow> findOutcome(String channelId) {
    return select(
            em,
            "select channel_id, held_nonce, close_nonce, disputed, disputed_nonce, bounty_wei,"
                + " bounty_withdrawn, settled, balance_a, balance_b from watcher_outcome where"
                + " channel_id = ?1",
            bytes(channelId))
        .stream()
        .findFirst()
        .map(row -> outcome((Object[]) row));
  }

  /** Records that the channel closed on a stale state Vigil can answer. */
  public void breachSeen(String channelId, long heldNonce, long closeNonce) {
    update(
        em,
        "insert into watcher_outcome (channel_id, held_nonce, close_nonce) values (?1, ?2, ?3)"
            + " on conflict (channel_id) do update set held_nonce = excluded.held_nonce,"
            + " close_nonce = excluded.close_nonce, updated_at = now()",
        bytes(channelId),
        heldNonce,
        closeNonce);
  }

  public void outcomeDisputed(String channelId, Long nonce) {
    update(
        em,
        "insert into watcher_outcome (channel_id, disputed, disputed_nonce) values (?1, ?2,"
            + " ?3) on conflict (channel_id) do update set disputed = excluded.disputed,"
            + " disputed_nonce = excluded.disputed_nonce, updated_at = now()",
        bytes(channelId),
        nonce != null,
        nonce);
  }

  public void outcomeSettled(
      String channelId,
      boolean settled,
      BigInteger balanceA,
      BigInteger balanceB,
      BigInteger bounty) {
    update(
        em,
        "insert into watcher_outcome (channel_id, settled, balance_a, balance_b, bounty_wei)"
            + " values (?1, ?2, ?3, ?4, ?5) on conflict (channel_id) do update set settled ="
            + " excluded.settled, balance_a = excluded.balance_a, balance_b ="
            + " excluded.balance_b, bounty_wei = excluded.bounty_wei, updated_at = now()",
        bytes(channelId),
        settled,
        balanceA,
        balanceB,
        bounty);
  }

  /** Marks every earned, settled bounty as withdrawn (one withdraw pulls them all). */
  public int bountiesWithdrawn(boolean withdrawn) {
    return update(
        em,
        "update watcher_outcome set bounty_withdrawn = ?1, updated_at = now() where"
            + " bounty_wei > 0 and settled",
        withdrawn);
  }

  private static OutcomeRow outcome(Object[] row) {
    return new OutcomeRow(
        hex((byte[]) row[0]),
        row[1] == null ? null : ((Number) row[1]).longValue(),
        row[2] == null ? null : ((Number) row[2]).longValue(),
        (Boolean) row[3],
        row[4] == null ? null : ((Number) row[4]).longValue(),
        SqlValues.integer(row[5]),
        (Boolean) row[6],
        (Boolean) row[7],
        row[8] == null ? null : SqlValues.integer(row[8]),
        row[9] == null ? null : SqlValues.integer(row[9]));
  }
}
