package io.vigil.watcher.persistence;

import static io.vigil.core.persistence.NativeSql.update;
import static io.vigil.watcher.persistence.SqlRows.bytes;
import static io.vigil.watcher.persistence.SqlRows.hex;
import static io.vigil.watcher.persistence.SqlRows.row;
import static io.vigil.watcher.persistence.SqlRows.selectWhereAny;

import io.vigil.core.lease.LockKey;
import io.vigil.core.lease.TransactionLocks;
import io.vigil.core.persistence.NativeSql;
import io.vigil.core.persistence.SqlValues;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.Session;

/**
 * The watcher_state table: the states delegated to Vigil, one per channel, and the client quotas
 * and the cap on states for channels not seen on chain that are counted from it. Every method runs
 * inside the caller's transaction.
 */
@ApplicationScoped
public class HeldStateRepository extends WatcherTable {

  public HeldStateRepository(EntityManager em) {
    super(em);
  }

  /** The held state, locked against concurrent delegations and chain events. */
  public Optional<HeldState> lockState(String channelId) {
    return state(channelId, LOCKED);
  }

  public Optional<HeldState> findState(String channelId) {
    return state(channelId, "");
  }

  private Optional<HeldState> state(String channelId, String lock) {
    return Optional.ofNullable(states(List.of(channelId), lock).get(channelId));
  }

  public void saveState(HeldState state) {
    saveStates(List.of(state));
  }

  /**
   * The held states of these channels, locked in channel order (so two batches that share channels
   * cannot deadlock), by channel id.
   */
  public Map<String, HeldState> lockStates(Collection<String> channelIds) {
    return states(channelIds, LOCKED);
  }

  private Map<String, HeldState> states(Collection<String> channelIds, String suffix) {
    Map<String, HeldState> found = new HashMap<>();
    selectWhereAny(
        em,
        "select channel_id, nonce, balance_a, balance_b, sig_a, sig_b, signer_a, signer_b,"
            + " hunter_auth_a, hunter_auth_b, client, accepted_block, accepted_at, expires_at from"
            + " watcher_state where channel_id = any(?)"
            + suffix,
        channelIds,
        rows -> {
          HeldState state = heldState(row(rows, 14));
          found.put(state.channelId(), state);
        });
    return found;
  }

  /** The held states of these channels, unlocked, by channel id. */
  public Map<String, HeldState> findStates(Collection<String> channelIds) {
    return states(channelIds, "");
  }

  /** First key of the watcher's two-key advisory locks ("WATC"). */
  private static final int LOCK_CLASS = 0x57415443;

  /** Second key of the lock that serialises counting states held for unknown channels. */
  private static final int PENDING_LOCK = -1;

  /**
   * Locks these clients' quotas until the transaction ends: a transaction-scoped advisory lock per
   * client (keyed by the low 31 bits of its address), taken in key order so that two batches cannot
   * deadlock. Take it after the held states' row locks, never before.
   */
  public void lockClients(Collection<String> clients) {
    if (clients.isEmpty()) {
      return;
    }
    Integer[] keys =
        clients.stream()
            .map(client -> Integer.parseUnsignedInt(client.substring(client.length() - 8), 16))
            .map(key -> key & Integer.MAX_VALUE)
            .distinct()
            .sorted()
            .toArray(Integer[]::new);
    session()
        .doWork(
            connection -> {
              try (PreparedStatement lock =
                  connection.prepareStatement(
                      "select count(pg_advisory_xact_lock(?, k)) from unnest(?::integer[]) k")) {
                lock.setInt(1, LOCK_CLASS);
                lock.setArray(2, connection.createArrayOf("integer", keys));
                lock.executeQuery().close();
              }
            });
  }

  /** States held for channels not seen on chain, and when the first of them expires. */
  public record PendingCount(long count, Instant oldestExpiry) {}

  /**
   * Counts the states held for channels not seen on chain, under a lock held until the transaction
   * ends, so concurrent delegations on every replica see each other's. Take it after {@link
   * #lockClients}.
   */
  public PendingCount lockAndCountPending() {
    TransactionLocks.hold(em, LockKey.of(LOCK_CLASS, PENDING_LOCK));
    Object[] row =
        (Object[])
            em.createNativeQuery(
                    "select count(*), min(expires_at) from watcher_state where expires_at is not"
                        + " null")
                .getSingleResult();
    return new PendingCount(((Number) row[0]).longValue(), SqlValues.instant(row[1]));
  }

  /** Channels each of these clients has under watch (their quotas), by client. */
  public Map<String, Long> countStatesOf(Collection<String> clients) {
    Map<String, Long> counts = new HashMap<>();
    for (String client : clients) {
      counts.put(client, 0L);
    }
    selectWhereAny(
        em,
        "select client, count(*) from watcher_state where client = any(?) group by client",
        clients,
        rows -> counts.put(hex(rows.getBytes(1)), rows.getLong(2)));
    return counts;
  }

  /** Inserts or replaces these held states (one per channel) in one statement. */
  public void saveStates(Collection<HeldState> states) {
    if (states.isEmpty()) {
      return;
    }
    List<HeldState> rows = List.copyOf(states);
    session()
        .doWork(
            connection -> {
              try (PreparedStatement upsert = connection.prepareStatement(UPSERT_STATES)) {
                upsert.setArray(1, array(connection, "bytea", rows, s -> bytes(s.channelId())));
                upsert.setArray(2, array(connection, "bigint", rows, HeldState::nonce));
                upsert.setArray(
                    3, array(connection, "numeric", rows, s -> new BigDecimal(s.balanceA())));
                upsert.setArray(
                    4, array(connection, "numeric", rows, s -> new BigDecimal(s.balanceB())));
                upsert.setArray(5, array(connection, "bytea", rows, HeldState::sigA));
                upsert.setArray(6, array(connection, "bytea", rows, HeldState::sigB));
                upsert.setArray(7, array(connection, "bytea", rows, s -> bytes(s.signerA())));
                upsert.setArray(8, array(connection, "bytea", rows, s -> bytes(s.signerB())));
                upsert.setArray(9, array(connection, "bytea", rows, s -> orEmpty(s.hunterAuthA())));
                upsert.setArray(
                    10, array(connection, "bytea", rows, s -> orEmpty(s.hunterAuthB())));
                upsert.setArray(11, array(connection, "bytea", rows, s -> bytes(s.client())));
                upsert.setArray(12, array(connection, "bigint", rows, HeldState::acceptedBlock));
                upsert.setArray(
                    13,
                    array(connection, "timestamptz", rows, s -> Timestamp.from(s.acceptedAt())));
                upsert.setArray(
                    14,
                    array(
                        connection,
                        "timestamptz",
                        rows,
                        s -> s.expiresAt().map(Timestamp::from).orElse(null)));
                upsert.executeUpdate();
              }
            });
  }

  private static java.sql.Array array(
      Connection connection,
      String type,
      List<HeldState> rows,
      java.util.function.Function<HeldState, Object> column)
      throws SQLException {
    Object[] values =
        switch (type) {
          case "bytea" -> new byte[rows.size()][];
          case "bigint" -> new Long[rows.size()];
          case "numeric" -> new BigDecimal[rows.size()];
          default -> new Timestamp[rows.size()];
        };
    for (int i = 0; i < rows.size(); i++) {
      values[i] = column.apply(rows.get(i));
    }
    return connection.createArrayOf(type, values);
  }

  private static byte[] orEmpty(byte[] value) {
    return value == null ? new byte[0] : value;
  }

  private Session session() {
    return em.unwrap(Session.class);
  }

  public void deleteState(String channelId) {
    update(em, "delete from watcher_state where channel_id = ?1", bytes(channelId));
  }

  /** Row locks taken in channel order, so two writers that share channels cannot deadlock. */
  private static final String LOCKED = " order by channel_id for update";

  private static final String UPSERT_STATES =
      "insert into watcher_state (channel_id, nonce, balance_a, balance_b, sig_a, sig_b, signer_a,"
          + " signer_b, hunter_auth_a, hunter_auth_b, client, accepted_block, accepted_at,"
          + " expires_at) select * from unnest(?::bytea[], ?::bigint[], ?::numeric[],"
          + " ?::numeric[], ?::bytea[], ?::bytea[], ?::bytea[], ?::bytea[], ?::bytea[],"
          + " ?::bytea[], ?::bytea[], ?::bigint[], ?::timestamptz[], ?::timestamptz[]) on"
          + " conflict (channel_id) do update set nonce = excluded.nonce, balance_a ="
          + " excluded.balance_a, balance_b = excluded.balance_b, sig_a = excluded.sig_a, sig_b ="
          + " excluded.sig_b, signer_a = excluded.signer_a, signer_b = excluded.signer_b,"
          + " hunter_auth_a = excluded.hunter_auth_a, hunter_auth_b = excluded.hunter_auth_b,"
          + " client = excluded.client, accepted_block = excluded.accepted_block, accepted_at ="
          + " excluded.accepted_at, expires_at = excluded.expires_at";

  /** Makes a held state wait for its channel again (the opening was reorged out). */
  public void setExpiry(String channelId, Instant expiresAt) {
    update(
        em,
        "update watcher_state set expires_at = ?2 where channel_id = ?1",
        bytes(channelId),
        expiresAt == null ? null : Timestamp.from(expiresAt));
  }

  /** Drops states whose channel never appeared in time; returns how many. */
  public int deleteExpired(Instant now) {
    return update(
        em,
        "delete from watcher_state where expires_at is not null and expires_at < ?1",
        Timestamp.from(now));
  }

  /**
   * How many held states, on channels the chain has shown and still open or closing, are worth less
   * than {@code required} to the party that delegated them, while a dispute may still be needed
   * (the chain does not hold the held nonce yet). The same decision as WatchPolicy.protection, made
   * in one scan: the value at stake is the delegating party's balance plus the channel's bounty,
   * counted for at most the other party's balance.
   */
  public long countUnpriceable(BigInteger required) {
    Object count =
        NativeSql.single(
            em,
            "select count(*) from watcher_state s join watcher_channel c on c.channel_id ="
                + " s.channel_id where (c.status = 'OPEN' or (c.status in ('CLOSING',"
                + " 'DISPUTED') and s.nonce > greatest(c.close_nonce, coalesce(c.disputed_nonce,"
                + " -1)))) and case when s.client = s.signer_a then s.balance_a +"
                + " least(c.bounty, s.balance_b) else s.balance_b + least(c.bounty,"
                + " s.balance_a) end < ?1",
            required);
    return ((Number) count).longValue();
  }

  private static HeldState heldState(Object[] row) {
    return new HeldState(
        hex((byte[]) row[0]),
        ((Number) row[1]).longValue(),
        SqlValues.integer(row[2]),
        SqlValues.integer(row[3]),
        (byte[]) row[4],
        (byte[]) row[5],
        hex((byte[]) row[6]),
        hex((byte[]) row[7]),
        emptyToNull((byte[]) row[8]),
        emptyToNull((byte[]) row[9]),
        hex((byte[]) row[10]),
        ((Number) row[11]).longValue(),
        SqlValues.instant(row[12]),
        Optional.ofNullable(row[13]).map(SqlValues::instant));
  }

  private static byte[] emptyToNull(byte[] value) {
    return value == null || value.length == 0 ? null : value;
  }
}
