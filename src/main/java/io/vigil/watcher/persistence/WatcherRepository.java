package io.vigil.watcher.persistence;

import io.vigil.core.persistence.SqlValues;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.Session;
import org.web3j.utils.Numeric;

/**
 * The watcher's tables: held states, the chain's view of channels, requested transactions (an
 * outbox) and kept outcomes. Every method runs inside the caller's transaction.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class WatcherRepository {

  private final EntityManager em;

  public WatcherRepository(EntityManager em) {
    this.em = em;
  }

  // ------------------------------------------------------------------------------ held states

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

  /** What the chain says about these channels, by channel id. */
  public Map<String, WatchedChannel> findChannels(Collection<String> channelIds) {
    Map<String, WatchedChannel> found = new HashMap<>();
    selectWhereAny(
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
    em.createNativeQuery("select pg_advisory_xact_lock(?1, ?2)")
        .setParameter(1, LOCK_CLASS)
        .setParameter(2, PENDING_LOCK)
        .getSingleResult();
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
        "select client, count(*) from watcher_state where client = any(?) group by client",
        clients,
        rows -> counts.put(hex(rows.getBytes(1)), rows.getLong(2)));
    return counts;
  }

  /** One row of a result, as the row mappers below read it. */
  private interface RowReader {
    void read(ResultSet row) throws SQLException;
  }

  /** Runs {@code sql}, whose one parameter is a bytea array of {@code keys}, row by row. */
  private void selectWhereAny(String sql, Collection<String> keys, RowReader reader) {
    if (keys.isEmpty()) {
      return;
    }
    session()
        .doWork(
            connection -> {
              try (PreparedStatement select = connection.prepareStatement(sql)) {
                select.setArray(1, byteaArray(connection, keys));
                try (ResultSet rows = select.executeQuery()) {
                  while (rows.next()) {
                    reader.read(rows);
                  }
                }
              }
            });
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

  private static java.sql.Array byteaArray(Connection connection, Collection<String> hexes)
      throws SQLException {
    return connection.createArrayOf(
        "bytea", hexes.stream().map(WatcherRepository::bytes).toArray(byte[][]::new));
  }

  private static Object[] row(ResultSet rows, int columns) throws SQLException {
    Object[] row = new Object[columns];
    for (int i = 0; i < columns; i++) {
      row[i] = rows.getObject(i + 1);
    }
    return row;
  }

  public void deleteState(String channelId) {
    em.createNativeQuery("delete from watcher_state where channel_id = ?1")
        .setParameter(1, bytes(channelId))
        .executeUpdate();
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
    em.createNativeQuery("update watcher_state set expires_at = ?2 where channel_id = ?1")
        .setParameter(1, bytes(channelId))
        .setParameter(2, expiresAt == null ? null : Timestamp.from(expiresAt))
        .executeUpdate();
  }

  /** Drops states whose channel never appeared in time; returns how many. */
  public int deleteExpired(Instant now) {
    return em.createNativeQuery(
            "delete from watcher_state where expires_at is not null and expires_at < ?1")
        .setParameter(1, Timestamp.from(now))
        .executeUpdate();
  }

  // ---------------------------------------------------------------------------------- channels

  public Optional<WatchedChannel> findChannel(String channelId) {
    return Optional.ofNullable(findChannels(List.of(channelId)).get(channelId));
  }

  public void channelOpened(
      String channelId,
      String partyA,
      String partyB,
      BigInteger deposit,
      BigInteger bounty,
      long challengePeriod,
      String block) {
    em.createNativeQuery(
            "insert into watcher_channel (channel_id, party_a, party_b, total, bounty,"
                + " challenge_period, status, opened_block) values (?1, ?2, ?3, ?4, ?5, ?6, 'OPEN',"
                + " ?7) on conflict (channel_id) do nothing")
        .setParameter(1, bytes(channelId))
        .setParameter(2, bytes(partyA))
        .setParameter(3, bytes(partyB))
        .setParameter(4, new BigDecimal(deposit))
        .setParameter(5, new BigDecimal(bounty))
        .setParameter(6, challengePeriod)
        .setParameter(7, bytes(block))
        .executeUpdate();
  }

  /** Forgets a channel whose opening was reorged out. */
  public void channelOpenRetracted(String channelId, String block) {
    em.createNativeQuery("delete from watcher_channel where channel_id = ?1 and opened_block = ?2")
        .setParameter(1, bytes(channelId))
        .setParameter(2, bytes(block))
        .executeUpdate();
  }

  public void setTotal(String channelId, BigInteger total) {
    em.createNativeQuery("update watcher_channel set total = ?2 where channel_id = ?1")
        .setParameter(1, bytes(channelId))
        .setParameter(2, new BigDecimal(total))
        .executeUpdate();
  }

  public void closeStarted(
      String channelId, long nonce, long deadline, String closer, String block) {
    em.createNativeQuery(
            "update watcher_channel set status = 'CLOSING', close_nonce = ?2, close_deadline = ?3,"
                + " closer = ?4, close_block = ?5, disputed_nonce = null, disputed_by = null"
                + " where channel_id = ?1")
        .setParameter(1, bytes(channelId))
        .setParameter(2, nonce)
        .setParameter(3, deadline)
        .setParameter(4, bytes(closer))
        .setParameter(5, bytes(block))
        .executeUpdate();
  }

  /** Undoes a close whose block left the chain; a close from another block is kept. */
  public void closeRetracted(String channelId, String block) {
    em.createNativeQuery(
            "update watcher_channel set status = 'OPEN', close_nonce = null, close_deadline ="
                + " null, closer = null, close_block = null, disputed_nonce = null, disputed_by ="
                + " null where channel_id = ?1 and close_block = ?2")
        .setParameter(1, bytes(channelId))
        .setParameter(2, bytes(block))
        .executeUpdate();
  }

  public void disputed(String channelId, long nonce, String disputer) {
    em.createNativeQuery(
            "update watcher_channel set status = 'DISPUTED', disputed_nonce = ?2, disputed_by ="
                + " ?3 where channel_id = ?1 and status in ('CLOSING', 'DISPUTED')")
        .setParameter(1, bytes(channelId))
        .setParameter(2, nonce)
        .setParameter(3, bytes(disputer))
        .executeUpdate();
  }

  public void disputeRetracted(String channelId, long nonce) {
    em.createNativeQuery(
            "update watcher_channel set status = 'CLOSING', disputed_nonce = null, disputed_by ="
                + " null where channel_id = ?1 and disputed_nonce = ?2")
        .setParameter(1, bytes(channelId))
        .setParameter(2, nonce)
        .executeUpdate();
  }

  public void setStatus(String channelId, String status) {
    em.createNativeQuery("update watcher_channel set status = ?2 where channel_id = ?1")
        .setParameter(1, bytes(channelId))
        .setParameter(2, status)
        .executeUpdate();
  }

  /** Channels in their challenge period that Vigil watches (holds a state or disputed). */
  public List<String> closingWatchedChannels() {
    List<?> rows =
        em.createNativeQuery(
                "select c.channel_id from watcher_channel c where c.status in ('CLOSING',"
                    + " 'DISPUTED') and (exists (select 1 from watcher_state s where s.channel_id"
                    + " = c.channel_id) or exists (select 1 from watcher_outcome o where"
                    + " o.channel_id = c.channel_id))")
            .getResultList();
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

  /**
   * How many held states, on channels the chain has shown and still open or closing, are worth less
   * than {@code required} to the party that delegated them, while a dispute may still be needed
   * (the chain does not hold the held nonce yet). The same decision as WatchPolicy.protection, made
   * in one scan: the value at stake is the delegating party's balance plus the channel's bounty,
   * counted for at most the other party's balance.
   */
  public long countUnpriceable(BigInteger required) {
    Object count =
        em.createNativeQuery(
                "select count(*) from watcher_state s join watcher_channel c on c.channel_id ="
                    + " s.channel_id where (c.status = 'OPEN' or (c.status in ('CLOSING',"
                    + " 'DISPUTED') and s.nonce > greatest(c.close_nonce, coalesce(c.disputed_nonce,"
                    + " -1)))) and case when s.client = s.signer_a then s.balance_a +"
                    + " least(c.bounty, s.balance_b) else s.balance_b + least(c.bounty,"
                    + " s.balance_a) end < ?1")
            .setParameter(1, new BigDecimal(required))
            .getSingleResult();
    return ((Number) count).longValue();
  }

  // ---------------------------------------------------------------------------------- requests

  /** Writes a request to the outbox; false when this request id exists already. */
  public boolean addRequest(String requestId, String channelId, String purpose, String payload) {
    return em.createNativeQuery(
                "insert into watcher_request (request_id, channel_id, purpose, payload, status)"
                    + " values (?1, ?2, ?3, ?4, 'REQUESTED') on conflict do nothing")
            .setParameter(1, requestId)
            .setParameter(2, bytes(channelId))
            .setParameter(3, purpose)
            .setParameter(4, payload)
            .executeUpdate()
        == 1;
  }

  /** Requests of a channel for a purpose, oldest first. */
  public List<RequestRow> requests(String channelId, String purpose) {
    List<?> rows =
        em.createNativeQuery(
                "select request_id, purpose, status, published, tx_hash, gas_used, gas_price,"
                    + " reason, payload from watcher_request where channel_id = ?1 and purpose ="
                    + " ?2 order by created_at, request_id")
            .setParameter(1, bytes(channelId))
            .setParameter(2, purpose)
            .getResultList();
    return rows.stream().map(row -> request((Object[]) row)).toList();
  }

  public List<RequestRow> requestsOf(String channelId) {
    List<?> rows =
        em.createNativeQuery(
                "select request_id, purpose, status, published, tx_hash, gas_used, gas_price,"
                    + " reason, payload from watcher_request where channel_id = ?1 order by"
                    + " created_at, request_id")
            .setParameter(1, bytes(channelId))
            .getResultList();
    return rows.stream().map(row -> request((Object[]) row)).toList();
  }

  public Optional<RequestRow> findRequest(String requestId) {
    List<?> rows =
        em.createNativeQuery(
                "select request_id, purpose, status, published, tx_hash, gas_used, gas_price,"
                    + " reason, payload from watcher_request where request_id = ?1")
            .setParameter(1, requestId)
            .getResultList();
    return rows.stream().findFirst().map(row -> request((Object[]) row));
  }

  public String channelOfRequest(String requestId) {
    return hex(
        (byte[])
            em.createNativeQuery("select channel_id from watcher_request where request_id = ?1")
                .setParameter(1, requestId)
                .getSingleResult());
  }

  /** Requests not yet handed to Kafka, oldest first. */
  public List<RequestRow> unpublished(int limit) {
    List<?> rows =
        em.createNativeQuery(
                "select request_id, purpose, status, published, tx_hash, gas_used, gas_price,"
                    + " reason, payload from watcher_request where not published order by"
                    + " created_at limit ?1")
            .setParameter(1, limit)
            .getResultList();
    return rows.stream().map(row -> request((Object[]) row)).toList();
  }

  public void markPublished(String requestId) {
    em.createNativeQuery(
            "update watcher_request set published = true, updated_at = now() where request_id ="
                + " ?1")
        .setParameter(1, requestId)
        .executeUpdate();
  }

  public void recordOutcome(
      String requestId,
      String status,
      String txHash,
      BigInteger gasUsed,
      BigInteger gasPrice,
      String reason) {
    em.createNativeQuery(
            "update watcher_request set status = ?2, tx_hash = coalesce(?3, tx_hash), gas_used ="
                + " ?4, gas_price = ?5, reason = ?6, updated_at = now() where request_id = ?1")
        .setParameter(1, requestId)
        .setParameter(2, status)
        .setParameter(3, txHash)
        .setParameter(4, gasUsed == null ? null : new BigDecimal(gasUsed))
        .setParameter(5, gasPrice == null ? null : new BigDecimal(gasPrice))
        .setParameter(6, reason)
        .executeUpdate();
  }

  /**
   * Marks a channel's requests of this purpose that the relay reported mined as reorged out: the
   * chain no longer shows their effect, so they no longer count as on their way.
   */
  public int requestsReorgedOut(String channelId, String purpose) {
    return em.createNativeQuery(
            "update watcher_request set status = 'REORGED', updated_at = now() where channel_id ="
                + " ?1 and purpose = ?2 and status in ('INCLUDED', 'CONFIRMED')")
        .setParameter(1, bytes(channelId))
        .setParameter(2, purpose)
        .executeUpdate();
  }

  // ---------------------------------------------------------------------------------- outcomes

  public Optional<OutcomeRow> findOutcome(String channelId) {
    List<?> rows =
        em.createNativeQuery(
                "select channel_id, held_nonce, close_nonce, disputed, disputed_nonce, bounty_wei,"
                    + " bounty_withdrawn, settled, balance_a, balance_b from watcher_outcome where"
                    + " channel_id = ?1")
            .setParameter(1, bytes(channelId))
            .getResultList();
    return rows.stream().findFirst().map(row -> outcome((Object[]) row));
  }

  /** Records that the channel closed on a stale state Vigil can answer. */
  public void breachSeen(String channelId, long heldNonce, long closeNonce) {
    em.createNativeQuery(
            "insert into watcher_outcome (channel_id, held_nonce, close_nonce) values (?1, ?2, ?3)"
                + " on conflict (channel_id) do update set held_nonce = excluded.held_nonce,"
                + " close_nonce = excluded.close_nonce, updated_at = now()")
        .setParameter(1, bytes(channelId))
        .setParameter(2, heldNonce)
        .setParameter(3, closeNonce)
        .executeUpdate();
  }

  public void outcomeDisputed(String channelId, Long nonce) {
    em.createNativeQuery(
            "insert into watcher_outcome (channel_id, disputed, disputed_nonce) values (?1, ?2,"
                + " ?3) on conflict (channel_id) do update set disputed = excluded.disputed,"
                + " disputed_nonce = excluded.disputed_nonce, updated_at = now()")
        .setParameter(1, bytes(channelId))
        .setParameter(2, nonce != null)
        .setParameter(3, nonce)
        .executeUpdate();
  }

  public void outcomeSettled(
      String channelId,
      boolean settled,
      BigInteger balanceA,
      BigInteger balanceB,
      BigInteger bounty) {
    em.createNativeQuery(
            "insert into watcher_outcome (channel_id, settled, balance_a, balance_b, bounty_wei)"
                + " values (?1, ?2, ?3, ?4, ?5) on conflict (channel_id) do update set settled ="
                + " excluded.settled, balance_a = excluded.balance_a, balance_b ="
                + " excluded.balance_b, bounty_wei = excluded.bounty_wei, updated_at = now()")
        .setParameter(1, bytes(channelId))
        .setParameter(2, settled)
        .setParameter(3, balanceA == null ? null : new BigDecimal(balanceA))
        .setParameter(4, balanceB == null ? null : new BigDecimal(balanceB))
        .setParameter(5, new BigDecimal(bounty))
        .executeUpdate();
  }

  /** Marks every earned, settled bounty as withdrawn (one withdraw pulls them all). */
  public int bountiesWithdrawn(boolean withdrawn) {
    return em.createNativeQuery(
            "update watcher_outcome set bounty_withdrawn = ?1, updated_at = now() where"
                + " bounty_wei > 0 and settled")
        .setParameter(1, withdrawn)
        .executeUpdate();
  }

  // ----------------------------------------------------------------------------------- mapping

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

  private static RequestRow request(Object[] row) {
    return new RequestRow(
        (String) row[0],
        (String) row[1],
        (String) row[2],
        (Boolean) row[3],
        (String) row[4],
        row[5] == null ? null : SqlValues.integer(row[5]),
        row[6] == null ? null : SqlValues.integer(row[6]),
        (String) row[7],
        (String) row[8]);
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

  private static byte[] emptyToNull(byte[] value) {
    return value == null || value.length == 0 ? null : value;
  }

  static byte[] bytes(String hex) {
    return Numeric.hexStringToByteArray(hex);
  }

  static String hex(byte[] value) {
    return Numeric.toHexString(value);
  }
}
