package io.vigil.core.limits;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.hibernate.Session;

/**
 * Takes tokens from buckets kept in PostgreSQL ({@code rate_bucket}, keyed by scope and key), so
 * every replica of a deployment draws from the same bucket and a limit holds for the deployment,
 * not per process. One statement per call refills and takes from every bucket it names (an upsert,
 * in key order so concurrent calls cannot deadlock) and commits at once: one round trip, with no
 * explicit transaction around it.
 *
 * <p>WARNING: call it outside any transaction. Inside one, the bucket rows it updates would stay
 * locked until that transaction ends, and every other request of the same keys, on every replica,
 * would wait for it.
 */
@ApplicationScoped
public class RateLimiter {

  private final EntityManager em;
  private final AgroalDataSource dataSource;
  private final Clock clock;
  private final MeterRegistry metrics;

  public RateLimiter(
      EntityManager em, AgroalDataSource dataSource, Clock clock, MeterRegistry metrics) {
    this.em = em;
    this.dataSource = dataSource;
    this.clock = clock;
    this.metrics = metrics;
  }

  /**
   * Takes one token from the bucket of {@code key} (lower-cased), or throws the limit's 429 problem
   * naming the caller as the limit's {@link RateLimit#who} followed by {@code key}, and the limit's
   * {@link RateLimit#field}.
   */
  public void admit(RateLimit limit, String key) {
    Grant grant = take(limit, key.toLowerCase(java.util.Locale.ROOT));
    if (!grant.admitted()) {
      throw grant.refusal(limit.who() + " " + key, limit.field());
    }
  }

  /** Takes one token from {@code key}'s bucket. */
  public Grant take(RateLimit limit, String key) {
    return take(limit, Map.of(key, 1)).get(key);
  }

  /**
   * Takes {@code wanted} tokens from each key's bucket, in one statement: each key gets as many as
   * its bucket holds, up to what it wants.
   */
  public Map<String, Grant> take(RateLimit limit, Map<String, Integer> wanted) {
    if (wanted.isEmpty()) {
      return Map.of();
    }
    if (QuarkusTransaction.isActive()) {
      throw new IllegalStateException("rate limits are taken outside transactions");
    }
    TreeMap<String, Integer> sorted = new TreeMap<>(wanted);
    Instant now = clock.instant();
    Map<String, Grant> grants;
    // Autocommit: the statement is its own transaction, committed as it returns.
    try (Connection connection = dataSource.getConnection()) {
      grants = take(connection, limit, now, sorted);
    } catch (SQLException e) {
      throw new IllegalStateException("taking " + limit.scope() + " tokens failed", e);
    }
    for (Grant grant : grants.values()) {
      if (!grant.admitted()) {
        metrics
            .counter("vigil_rate_limit_refused_total", "scope", limit.scope())
            .increment(grant.wanted() - grant.granted());
      }
    }
    return grants;
  }

  /**
   * Deletes up to {@code max} buckets that are full again now: a bucket recreated later starts
   * full, so deleting one changes no answer. Rows another replica holds are skipped, so replicas
   * can prune at the same time. Returns how many it deleted.
   */
  public int prune(int max) {
    Instant now = clock.instant();
    int[] deleted = new int[1];
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                em.unwrap(Session.class)
                    .doWork(connection -> deleted[0] = prune(connection, now, max)));
    return deleted[0];
  }

  /** The statement of {@link #take(RateLimit, Map)}, on a connection of the caller's. */
  static Map<String, Grant> take(
      Connection connection, RateLimit limit, Instant now, SortedMap<String, Integer> wanted)
      throws SQLException {
    Map<String, Grant> grants = new HashMap<>();
    try (PreparedStatement take = connection.prepareStatement(takeSql(limit.bucket()))) {
      take.setString(1, limit.scope());
      take.setObject(2, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
      take.setObject(3, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
      take.setArray(4, connection.createArrayOf("text", wanted.keySet().toArray(String[]::new)));
      take.setArray(
          5, connection.createArrayOf("integer", wanted.values().toArray(Integer[]::new)));
      try (ResultSet rows = take.executeQuery()) {
        while (rows.next()) {
          String key = rows.getString(1);
          grants.put(
              key,
              new Grant(
                  limit,
                  key,
                  wanted.get(key),
                  rows.getInt(2),
                  limit.bucket().retryAfterSeconds(rows.getDouble(3))));
        }
      }
    }
    return grants;
  }

  /** The statement of {@link #prune(int)}, on a connection of the caller's. */
  static int prune(Connection connection, Instant now, int max) throws SQLException {
    try (PreparedStatement prune =
        connection.prepareStatement(
            "delete from rate_bucket where (scope, key) in (select scope, key from rate_bucket"
                + " where full_at <= ? limit ? for update skip locked)")) {
      prune.setObject(1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
      prune.setInt(2, max);
      return prune.executeUpdate();
    }
  }

  /** Buckets in the table now (for the pruning job's gauge). */
  public long count() {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                ((Number)
                        em.createNativeQuery("select count(*) from rate_bucket").getSingleResult())
                    .longValue());
  }

  /**
   * The upsert that refills and takes, the same arithmetic as {@link TokenBucket#take}: refilled
   * {@code R = least(burst, tokens + seconds since updated_at x rate)}, granted {@code G =
   * least(wanted, floor(R))}. A new bucket starts full. The rate and burst are written into the
   * statement as numbers (they come from configuration, never from a request).
   */
  static String takeSql(TokenBucket bucket) {
    String rate = number(bucket.ratePerSecond());
    String burst = String.valueOf(bucket.burst());
    String refilled =
        "least("
            + burst
            + "::float8, b.tokens + greatest(0, extract(epoch from (excluded.updated_at -"
            + " b.updated_at))) * "
            + rate
            + ")";
    String granted = "least(excluded.taken, floor(" + refilled + ")::integer)";
    String since = "greatest(b.updated_at, excluded.updated_at)";
    return String.join(
        " ",
        List.of(
            // The commit of a take returns before its WAL reaches the disk (set_config with
            // is_local, for the statement's own transaction). Every replica sees the take as soon
            // as it commits (visibility does not wait for the flush); only a crash of PostgreSQL
            // itself can lose the last fraction of a second of takes, which hands a few callers a
            // few tokens back. Sparing that flush saves each admitted request a disk wait it gains
            // nothing from. In the statement, not a "set local" of its own: no explicit
            // transaction, one round trip.
            "with a as (select set_config('synchronous_commit', 'off', true))",
            "insert into rate_bucket as b (scope, key, tokens, taken, updated_at, full_at)",
            "select ?, u.k, " + burst + " - least(u.n, " + burst + "), least(u.n, " + burst + "),",
            "?::timestamptz, ?::timestamptz + make_interval(secs => least(u.n, "
                + burst
                + ") / "
                + rate
                + ")",
            "from unnest(?::text[], ?::integer[]) as u(k, n), a order by u.k",
            "on conflict (scope, key) do update set",
            "taken = " + granted + ",",
            "tokens = " + refilled + " - " + granted + ",",
            "updated_at = " + since + ",",
            "full_at = "
                + since
                + " + make_interval(secs => ("
                + burst
                + " - ("
                + refilled
                + " - "
                + granted
                + ")) / "
                + rate
                + ")",
            "returning key, taken, tokens"));
  }

  private static String number(double value) {
    return Double.toString(value) + "::float8";
  }
}
