package io.vigil.core.lease;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.testsupport.PostgresServer;
import io.vigil.testsupport.TestInfrastructure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The lease against the real PostgreSQL: one holder per key across sessions, single keys and key
 * pairs apart, a lost session drops every lock, and a release frees them for the next holder.
 */
class AdvisoryLeaseIT {

  private static PGSimpleDataSource dataSource;

  private final AdvisoryLease first = new AdvisoryLease(dataSource, "first");
  private final AdvisoryLease second = new AdvisoryLease(dataSource, "second");

  @BeforeAll
  static void database() {
    PostgresServer postgres = TestInfrastructure.get().postgres();
    dataSource = new PGSimpleDataSource();
    dataSource.setURL(
        postgres.createDatabase("lease_" + UUID.randomUUID().toString().substring(0, 8)));
    dataSource.setUser(postgres.user());
    dataSource.setPassword(postgres.password());
  }

  @AfterEach
  void releaseBoth() {
    first.release();
    second.release();
  }

  @Test
  void shouldLetOnlyOneSessionHoldAKey() {
    LockKey key = LockKey.of(4242L);

    assertThat(first.tryAcquire(key)).isTrue();
    assertThat(second.tryAcquire(key)).isFalse();

    assertThat(first.check()).isTrue();
    assertThat(second.check()).isFalse();
    assertThat(second.heldCount()).isZero();
  }

  @Test
  void shouldAnswerTrueAgainForAKeyItAlreadyHolds() {
    LockKey key = LockKey.of(4243L);
    first.tryAcquire(key);

    assertThat(first.tryAcquire(key)).isTrue();
    assertThat(first.heldCount()).isEqualTo(1);
  }

  @Test
  void shouldShareBucketsBetweenTwoHolders() {
    List<LockKey> buckets = List.of(LockKey.of(7, 0), LockKey.of(7, 1), LockKey.of(7, 2));
    first.tryAcquire(buckets.get(1));

    assertThat(second.tryAcquire(buckets)).isEqualTo(2);
    assertThat(second.holds(buckets.get(0))).isTrue();
    assertThat(second.holds(buckets.get(1))).isFalse();
    assertThat(second.holds(buckets.get(2))).isTrue();
  }

  @Test
  void shouldKeepSingleKeysAndKeyPairsApart() {
    assertThat(first.tryAcquire(LockKey.of(9L))).isTrue();
    assertThat(second.tryAcquire(LockKey.of(0, 9))).isTrue();
  }

  @Test
  void shouldFreeTheKeysForTheNextHolderOnRelease() {
    LockKey key = LockKey.of(4244L);
    first.tryAcquire(key);

    first.release();

    assertThat(first.heldCount()).isZero();
    assertThat(second.tryAcquire(key)).isTrue();
  }

  @Test
  void shouldDropEveryLockWhenTheSessionEnds() throws SQLException {
    LockKey key = LockKey.of(4245L);
    first.tryAcquire(List.of(key, LockKey.of(8, 1)));
    terminateSessionsHolding(key);

    assertThat(first.check()).isFalse();
    assertThat(first.heldCount()).isZero();
    assertThat(second.tryAcquire(key)).isTrue();
  }

  /** Ends, from another session, the backend holding the advisory lock {@code key}. */
  private static void terminateSessionsHolding(LockKey key) throws SQLException {
    try (Connection admin = dataSource.getConnection();
        PreparedStatement kill =
            admin.prepareStatement(
                "select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory'"
                    + " and objsubid = 1 and ((classid::bigint << 32) | objid::bigint) = ?")) {
      kill.setLong(1, key.key());
      try (ResultSet killed = kill.executeQuery()) {
        assertThat(killed.next()).as("a session held the lock").isTrue();
      }
    }
  }
}
