package io.vigil.watcher.persistence;

import static io.vigil.core.persistence.NativeSql.select;
import static io.vigil.core.persistence.NativeSql.update;
import static io.vigil.watcher.persistence.SqlRows.bytes;
import static io.vigil.watcher.persistence.SqlRows.hex;
import static io.vigil.watcher.persistence.SqlRows.row;
import static io.vigil.watcher.persistence.SqlRows.selectWhereAny;

import io.vigil.core.persistence.SqlValues;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.math.BigInteger;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The watcher_channel table: each channel as the canonical chain shows it, kept from the hub's
 * events. Every method runs inside the caller's transaction.
 */
@ApplicationScoped
public class WatchedChannelRepository extends WatcherTable {

  public WatchedChannelRepository(EntityManager em) {
    super(em);
  }

  public Optional<WatchedChannel> findChannel(String channelId) {
    return Optional.ofNullable(findChannels(List.of(channelId)).get(channelId));
  }

  /** What the chain says about these channels, by channel id. */
  public Map<String, WatchedChannel> findChannels(Collection<String> channelIds) {
    Map<String, WatchedChannel> found = new HashMap<>();
    selectWhereAny(
        em,
        "select channel_id, party_a, party_b, total, bounty, challenge_period, status,"
            + " close_nonce, close_deadline, closer, close_block, disputed_nonce, disputed_by from"
            + " watcher_channel where channel_id = any(?)",
        channelIds,
        rows -> {
          WatchedChannel channel = channel(row(rows, 13));
          found.put(channel.channelId(), channel);
        });
    return found;
  }

  public void channelOpened(
      String channelId,
      String partyA,
      String partyB,
      BigInteger deposit,
      BigInteger bounty,
      long challengePeriod,
      String block) {
    update(
        em,
        "insert into watcher_channel (channel_id, party_a, party_b, total, bounty,"
            + " challenge_period, status, opened_block) values (?1, ?2, ?3, ?4, ?5, ?6, 'OPEN',"
            + " ?7) on conflict (channel_id) do nothing",
        bytes(channelId),
        bytes(partyA),
        bytes(partyB),
        deposit,
        bounty,
        challengePeriod,
        bytes(block));
  }

  /** Forgets a channel whose opening was reorged out. */
  public void channelOpenRetracted(String channelId, String block) {
    update(
        em,
        "delete from watcher_channel where channel_id = ?1 and opened_block = ?2",
        bytes(channelId),
        bytes(block));
  }

  public void setTotal(String channelId, BigInteger total) {
    update(
        em, "update watcher_channel set total = ?2 where channel_id = ?1", bytes(channelId), total);
  }

  public void closeStarted(
      String channelId, long nonce, long deadline, String closer, String block) {
    update(
        em,
        "update watcher_channel set status = 'CLOSING', close_nonce = ?2, close_deadline = ?3,"
            + " closer = ?4, close_block = ?5, disputed_nonce = null, disputed_by = null"
            + " where channel_id = ?1",
        bytes(channelId),
        nonce,
        deadline,
        bytes(closer),
        bytes(block));
  }

  /** Undoes a close whose block left the chain; a close from another block is kept. */
  public void closeRetracted(String channelId, String block) {
    update(
        em,
        "update watcher_channel set status = 'OPEN', close_nonce = null, close_deadline ="
            + " null, closer = null, close_block = null, disputed_nonce = null, disputed_by ="
            + " null where channel_id = ?1 and close_block = ?2",
        bytes(channelId),
        bytes(block));
  }

  public void disputed(String channelId, long nonce, String disputer) {
    update(
        em,
        "update watcher_channel set status = 'DISPUTED', disputed_nonce = ?2, disputed_by ="
            + " ?3 where channel_id = ?1 and status in ('CLOSING', 'DISPUTED')",
        bytes(channelId),
        nonce,
        bytes(disputer));
  }

  public void disputeRetracted(String channelId, long nonce) {
    update(
        em,
        "update watcher_channel set status = 'CLOSING', disputed_nonce = null, disputed_by ="
            + " null where channel_id = ?1 and disputed_nonce = ?2",
        bytes(channelId),
        nonce);
  }

  public void setStatus(String channelId, String status) {
    update(
        em,
        "update watcher_channel set status = ?2 where channel_id = ?1",
        bytes(channelId),
        status);
  }

  /** Channels in their challenge period that Vigil watches (holds a state or disputed). */
  public List<String> closingWatchedChannels() {
    List<?> rows =
        select(
            em,
            "select c.channel_id from watcher_channel c where c.status in ('CLOSING',"
                + " 'DISPUTED') and (exists (select 1 from watcher_state s where s.channel_id"
                + " = c.channel_id) or exists (select 1 from watcher_outcome o where"
                + " o.channel_id = c.channel_id))");
    return rows.stream().map(row -> hex((byte[]) row)).toList();
  }

  /**
   * The earliest deadline of a close that Vigil holds a newer state for and that the chain does not
   * yet show disputed with it, or empty when there is none.
   */
  public Optional<Long> earliestOpenBreachDeadline() {
    Object value =
        em.createNativeQuery(
                "select min(c.close_deadline) from watcher_channel c join watcher_state s on"
                    + " s.channel_id = c.channel_id where c.status in ('CLOSING', 'DISPUTED') and"
                    + " s.nonce > greatest(c.close_nonce, coalesce(c.disputed_nonce, -1))")
            .getSingleResult();
    return Optional.ofNullable(value).map(v -> ((Number) v).longValue());
  }

  private static WatchedChannel channel(Object[] row) {
    return new WatchedChannel(
        hex((byte[]) row[0]),
        hex((byte[]) row[1]),
        hex((byte[]) row[2]),
        SqlValues.integer(row[3]),
        SqlValues.integer(row[4]),
        row[5] == null ? -1 : ((Number) row[5]).longValue(),
        (String) row[6],
        row[7] == null ? -1 : ((Number) row[7]).longValue(),
        row[8] == null ? 0 : ((Number) row[8]).longValue(),
        row[9] == null ? null : hex((byte[]) row[9]),
        row[10] == null ? null : hex((byte[]) row[10]),
        row[11] == null ? -1 : ((Number) row[11]).longValue(),
        row[12] == null ? null : hex((byte[]) row[12]));
  }
}
