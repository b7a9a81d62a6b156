package io.vigil.core.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final TokenBucket bucket = new TokenBucket(2.0, 3);

  @Test
  void shouldStartFullAndGrantABurstThenRefuseWhenANewBucketIsDrained() {
    TokenBucket.Take first = bucket.take(null, 3, T0);
    TokenBucket.Take next = bucket.take(first.after(), 1, T0);

    assertThat(first.granted()).isEqualTo(3);
    assertThat(first.after()).isEqualTo(new TokenBucket.Level(0, T0));
    assertThat(next.granted()).isZero();
    assertThat(bucket.retryAfterSeconds(next.after().tokens())).isEqualTo(1);
  }

  @Test
  void shouldGrantOnlyWholeTokensItHoldsWhenABatchWantsMore() {
    TokenBucket.Take take = bucket.take(new TokenBucket.Level(2.5, T0), 5, T0);

    assertThat(take.granted()).isEqualTo(2);
    assertThat(take.after().tokens()).isEqualTo(0.5);
  }

  @Test
  void shouldRefillAtTheRateUpToTheBurstWhenTimePasses() {
    TokenBucket.Level empty = new TokenBucket.Level(0, T0);

    assertThat(bucket.refill(empty, T0.plusMillis(500)).tokens()).isEqualTo(1.0);
    assertThat(bucket.refill(empty, T0.plusMillis(1250)).tokens()).isEqualTo(2.5);
    assertThat(bucket.refill(empty, T0.plus(Duration.ofHours(1))).tokens()).isEqualTo(3.0);
  }

  @Test
  void shouldAddNothingAndKeepTheLaterTimeWhenAClockRunsBehind() {
    TokenBucket.Level level = new TokenBucket.Level(1, T0);

    assertThat(bucket.refill(level, T0.minusSeconds(5))).isEqualTo(level);
    assertThat(bucket.take(level, 1, T0.minusSeconds(5)).after())
        .isEqualTo(new TokenBucket.Level(0, T0));
  }

  @Test
  void shouldSayWhenAnIdleBucketIsFullAgain() {
    assertThat(bucket.fullAt(new TokenBucket.Level(0, T0))).isEqualTo(T0.plusMillis(1500));
    assertThat(bucket.fullAt(new TokenBucket.Level(3, T0))).isEqualTo(T0);
  }

  @Test
  void shouldRetryAfterTheTimeOneTokenTakesRoundedUp() {
    TokenBucket slow = new TokenBucket(0.2, 5);

    assertThat(slow.retryAfterSeconds(0)).isEqualTo(5);
    assertThat(slow.retryAfterSeconds(0.9)).isEqualTo(1);
    assertThat(new TokenBucket(1000, 5).retryAfterSeconds(0)).isEqualTo(1);
  }

  @Test
  void shouldRefuseALimitThatCouldNeverAdmitAnything() {
    assertThatThrownBy(() -> new TokenBucket(0, 3)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TokenBucket(1, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TokenBucket(Double.NaN, 3))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldDescribeTheLimitInARefusal() {
    RateLimit limit = RateLimit.of("relay.transactions", "transactions", 2, 20);
    Grant refused = new Grant(limit, "0xab", 1, 0, 3);

    assertThat(refused.admitted()).isFalse();
    assertThat(refused.problem("the sender 0xab", "raw.signature").detail())
        .isEqualTo(
            "the sender 0xab is over the limit of 2 transactions per second, bursts of 20"
                + " (relay.transactions); retry after 3s");
    assertThat(refused.refusal("x", "f").retryAfterSeconds()).isEqualTo(3);
    assertThat(RateLimit.of("s", "posts", 0.2, 5).describe())
        .isEqualTo("0.2 posts per second, bursts of 5");
  }

  @Test
  void shouldKeepTheBucketWhenNamingHowARefusalReads() {
    RateLimit limit = RateLimit.of("relay.states", "state posts", 0.5, 4);
    RateLimit named = limit.refusing("the channel", "state.channelId");

    assertThat(named)
        .isEqualTo(
            new RateLimit(
                "relay.states", "state posts", limit.bucket(), "the channel", "state.channelId"));
    assertThat(limit.who()).isNull();
  }
}
