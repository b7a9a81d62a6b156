package io.vigil.core.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.testsupport.PostgresServer;
import io.vigil.testsupport.TestInfrastructure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shared buckets' statements against the real PostgreSQL, with a stub clock: the upsert agrees
 * with {@link TokenBucket}, concurrent takes never grant more than the bucket holds, and pruning
 * deletes only buckets that are full again.
 */
class RateLimiterIT {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static Connection connection;

  @BeforeAll
  static void createTable() throws Exception {
    PostgresServer postgres = TestInfrastructure.get().postgres();
    String url = postgres.createDatabase("limits_" + UUID.randomUUID().toString().substring(0, 8));
    connection = open(url);
    try (Statement ddl = connection.createStatement()) {
      ddl.execute(
          Files.readString(Path.of("src/main/resources/db/migration/V500__rate_limits.sql")));
    }
    urlForThreads = url;
  }

  private static String urlForThreads;

  private static Connection open(String url) throws SQLException {
    PostgresServer postgres = TestInfrastructure.get().postgres();
    return DriverManager.getConnection(url, postgres.user(), postgres.password());
  }

  @AfterAll
  static void close() throws SQLException {
    connection.close();
  }

  @Test
  void shouldAgreeWithTheArithmeticOverARandomSequenceOfTakes() throws SQLException {
    RateLimit limit = RateLimit.of("test.agree", "requests", 1.5, 7);
    Random random = new Random(42);
    Map<String, TokenBucket.Level> expected = new TreeMap<>();
    Instant now = T0;
    for (int step = 0; step < 200; step++) {
      now = now.plusMillis(random.nextInt(1500));
      TreeMap<String, Integer> wanted = new TreeMap<>();
      for (String key : List.of("a", "b", "c")) {
        if (random.nextBoolean()) {
          wanted.put(key, 1 + random.nextInt(4));
        }
      }
      if (wanted.isEmpty()) {
        continue;
      }
      Map<String, Grant> grants = RateLimiter.take(connection, limit, now, wanted);
      for (var entry : wanted.entrySet()) {
        TokenBucket.Take take =
            limit.bucket().take(expected.get(entry.getKey()), entry.getValue(), now);
        expected.put(entry.getKey(), take.after());
        Grant grant = grants.get(entry.getKey());
        assertThat(grant.granted())
            .as("step %d key %s", step, entry.getKey())
            .isEqualTo(take.granted());
        assertThat(grant.retryAfterSeconds())
            .isEqualTo(limit.bucket().retryAfterSeconds(take.after().tokens()));
      }
    }
    for (var entry : expected.entrySet()) {
      try (ResultSet row =
          connection
              .createStatement()
              .executeQuery(
                  "select tokens, full_at from rate_bucket where scope = 'test.agree' and key = '"
                      + entry.getKey()
                      + "'")) {
        assertThat(row.next()).isTrue();
        assertThat(row.getDouble(1)).isCloseTo(entry.getValue().tokens(), within());
        Instant fullAt = row.getObject(2, java.time.OffsetDateTime.class).toInstant();
        assertThat(Duration.between(limit.bucket().fullAt(entry.getValue()), fullAt).abs())
            .isLessThan(Duration.ofMillis(1));
      }
    }
  }

  @Test
  void shouldLetTheTakesCommitReturnBeforeItsWalIsOnDisk() throws SQLException {
    // The statement relaxes durability for its own transaction only: seen here inside an explicit
    // one, since an autocommit statement's setting ends with it.
    RateLimit limit = RateLimit.of("test.async", "requests", 1, 5);
    connection.setAutoCommit(false);
    try (Statement show = connection.createStatement()) {
      assertThat(setting(show)).isEqualTo("on");
      Map<String, Grant> grants =
          RateLimiter.take(connection, limit, T0, new TreeMap<>(Map.of("k", 2)));
      assertThat(grants.get("k").granted()).isEqualTo(2);
      assertThat(setting(show)).isEqualTo("off");
      connection.commit();
      assertThat(setting(show)).isEqualTo("on");
    } finally {
      connection.setAutoCommit(true);
    }
  }

  private static String setting(Statement show) throws SQLException {
    try (ResultSet value = show.executeQuery("show synchronous_commit")) {
      value.next();
      return value.getString(1);
    }
  }

  @Test
  void shouldGrantNoMoreThanTheBurstWhenManyConnectionsTakeAtOnce() throws Exception {
    RateLimit limit = RateLimit.of("test.race", "requests", 0.001, 25);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> granted = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        granted.add(
            pool.submit(
                () -> {
                  int total = 0;
                  try (Connection own = open(urlForThreads)) {
                    for (int j = 0; j < 10; j++) {
                      total +=
                          RateLimiter.take(own, limit, T0, new TreeMap<>(Map.of("k1", 1, "k2", 2)))
                              .get("k1")
                              .granted();
                    }
                  }
                  return total;
                }));
      }
      int total = 0;
      for (Future<Integer> one : granted) {
        total += one.get();
      }
      assertThat(total).isEqualTo(25);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void shouldPruneOnlyBucketsThatAreFullAgain() throws SQLException {
    RateLimit limit = RateLimit.of("test.prune", "requests", 2, 4);
    RateLimiter.take(connection, limit, T0, new TreeMap<>(Map.of("drained", 4, "used", 1)));
    // "used" is full 0.5 s later, "drained" 2 s later.

    RateLimiter.prune(connection, T0.plusMillis(400), 100);
    assertThat(keys("test.prune")).containsExactly("drained", "used");

    RateLimiter.prune(connection, T0.plusMillis(600), 100);
    assertThat(keys("test.prune")).containsExactly("drained");

    int deleted = RateLimiter.prune(connection, T0.plusSeconds(2), 100);
    assertThat(deleted).isGreaterThanOrEqualTo(1);
    assertThat(keys("test.prune")).isEmpty();
    Grant fresh =
        RateLimiter.take(connection, limit, T0.plusSeconds(2), new TreeMap<>(Map.of("drained", 5)))
            .get("drained");
    assertThat(fresh.granted()).as("a pruned bucket comes back full").isEqualTo(4);
  }

  private static List<String> keys(String scope) throws SQLException {
    List<String> keys = new ArrayList<>();
    try (ResultSet rows =
        connection
            .createStatement()
            .executeQuery(
                "select key from rate_bucket where scope = '" + scope + "' order by key")) {
      while (rows.next()) {
        keys.add(rows.getString(1));
      }
    }
    return keys;
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-6);
  }
}
