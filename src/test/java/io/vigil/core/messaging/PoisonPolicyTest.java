package io.vigil.core.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.concurrent.Backoff;
import io.vigil.core.messaging.PoisonPolicy.Next;
import io.vigil.core.messaging.PoisonPolicy.Tally;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PoisonPolicyTest {

  private final PoisonPolicy policy =
      new PoisonPolicy(3, new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5)));

  @Test
  void shouldRetryAfterTheFirstBackoffWhenTheFirstAttemptFails() {
    assertThat(policy.next(Tally.none().failed(true)))
        .isEqualTo(new Next.Retry(Duration.ofMillis(100)));
  }

  @Test
  void shouldDoubleTheWaitAfterEachFailureUpToTheLongest() {
    Tally tally = Tally.none();
    for (int i = 0; i < 5; i++) {
      tally = tally.failed(false);
    }

    assertThat(policy.next(tally)).isEqualTo(new Next.Retry(Duration.ofMillis(1600)));
    for (int i = 0; i < 100; i++) {
      tally = tally.failed(false);
    }
    assertThat(policy.next(tally)).isEqualTo(new Next.Retry(Duration.ofSeconds(5)));
  }

  @Test
  void shouldSetTheRecordAsideWhenItFailedAsOftenAsAllowedWhileTheDatabaseAnswered() {
    Tally tally = Tally.none().failed(true).failed(true);
    assertThat(policy.next(tally)).isInstanceOf(Next.Retry.class);

    assertThat(policy.next(tally.failed(true))).isEqualTo(new Next.SetAside());
  }

  @Test
  void shouldNeverSetTheRecordAsideWhileTheDatabaseDoesNotAnswer() {
    Tally tally = Tally.none();
    for (int i = 0; i < 10_000; i++) {
      tally = tally.failed(false);
      assertThat(policy.next(tally)).isInstanceOf(Next.Retry.class);
    }
    assertThat(tally).isEqualTo(new Tally(10_000, 0));
  }

  @Test
  void shouldCountOnlyTheFailuresWhileTheDatabaseAnsweredWhenAnOutageCameBetween() {
    Tally tally = Tally.none().failed(true).failed(false).failed(false).failed(true);
    assertThat(tally).isEqualTo(new Tally(4, 2));
    assertThat(policy.next(tally)).isInstanceOf(Next.Retry.class);

    assertThat(policy.next(tally.failed(true))).isEqualTo(new Next.SetAside());
  }

  @Test
  void shouldSetAsideAtTheFirstFailureWhenOneAttemptIsAllowed() {
    PoisonPolicy once = new PoisonPolicy(1, new Backoff(Duration.ZERO, Duration.ZERO));

    assertThat(once.next(Tally.none().failed(true))).isEqualTo(new Next.SetAside());
    assertThat(once.next(Tally.none().failed(false))).isEqualTo(new Next.Retry(Duration.ZERO));
  }

  @Test
  void shouldRefuseAPolicyThatNeverTries() {
    assertThatThrownBy(() -> new PoisonPolicy(0, new Backoff(Duration.ZERO, Duration.ZERO)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("attempts");
    assertThatThrownBy(
            () -> new PoisonPolicy(1, new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldTakeConnectionErrorsAnywhereInTheCausesForAnOutage() {
    RuntimeException wrapped =
        new IllegalStateException(
            "commit failed", new SQLException("I/O error", "08006", new RuntimeException()));

    assertThat(PoisonPolicy.isOutage(wrapped)).isTrue();
    assertThat(PoisonPolicy.isOutage(new SQLException("shutting down", "57P01"))).isTrue();
    assertThat(PoisonPolicy.isOutage(new SQLException("starting up", "57P03"))).isTrue();
    assertThat(PoisonPolicy.isOutage(new SQLTransientConnectionException("pool timeout"))).isTrue();
  }

  @Test
  void shouldNotTakeErrorsAboutTheRecordForAnOutage() {
    assertThat(PoisonPolicy.isOutage(new SQLException("duplicate key", "23505"))).isFalse();
    assertThat(PoisonPolicy.isOutage(new SQLException("no state"))).isFalse();
    assertThat(PoisonPolicy.isOutage(new IllegalArgumentException("CloseStarted has no field")))
        .isFalse();
  }
}
