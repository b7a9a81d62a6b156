package io.vigil.core.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The push/stalled/poll decision, from the subscription's timestamps alone. */
class HeadFeedTest {

  private static final Duration STALL = Duration.ofSeconds(36);

  private final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));

  @Test
  void shouldPollWhenNotSubscribed() {
    HeadFeed feed = HeadFeed.none();

    assertThat(feed.mode(clock.instant(), STALL)).isEqualTo(HeadFeed.Mode.POLL);
    assertThat(feed.untilStall(clock.instant(), STALL)).isZero();
    assertThat(feed.headArrived(clock.instant())).isEqualTo(feed);
  }

  @Test
  void shouldBePushFromTheSubscriptionUntilTheStallTimeoutWithoutAHead() {
    HeadFeed feed = HeadFeed.subscribedAt(clock.instant());

    clock.advance(Duration.ofSeconds(35));
    assertThat(feed.mode(clock.instant(), STALL)).isEqualTo(HeadFeed.Mode.PUSH);
    assertThat(feed.untilStall(clock.instant(), STALL)).isEqualTo(Duration.ofSeconds(1));

    clock.advance(Duration.ofSeconds(1));
    assertThat(feed.mode(clock.instant(), STALL)).isEqualTo(HeadFeed.Mode.STALLED);
    assertThat(feed.untilStall(clock.instant(), STALL)).isZero();
  }

  @Test
  void shouldCountTheStallFromTheNewestHead() {
    HeadFeed feed = HeadFeed.subscribedAt(clock.instant());
    clock.advance(Duration.ofSeconds(30));
    feed = feed.headArrived(clock.instant());
    clock.advance(Duration.ofSeconds(30));

    assertThat(feed.mode(clock.instant(), STALL)).isEqualTo(HeadFeed.Mode.PUSH);
    assertThat(feed.untilStall(clock.instant(), STALL)).isEqualTo(Duration.ofSeconds(6));

    clock.advance(Duration.ofSeconds(7));
    assertThat(feed.mode(clock.instant(), STALL)).isEqualTo(HeadFeed.Mode.STALLED);
  }

  @Test
  void shouldKeepTheNewestHeadWhenAnOlderOneIsBookedLate() {
    Instant subscribed = clock.instant();
    HeadFeed feed = HeadFeed.subscribedAt(subscribed).headArrived(subscribed.plusSeconds(20));

    HeadFeed late = feed.headArrived(subscribed.plusSeconds(10));

    assertThat(late.lastHead()).contains(subscribed.plusSeconds(20));
    assertThat(late.mode(subscribed.plusSeconds(50), STALL)).isEqualTo(HeadFeed.Mode.PUSH);
  }

  @Test
  void shouldRefuseAHeadWithoutASubscription() {
    assertThatThrownBy(() -> new HeadFeed(Optional.empty(), Optional.of(clock.instant())))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldLabelModesForHealthData() {
    assertThat(HeadFeed.Mode.PUSH.label()).isEqualTo("push");
    assertThat(HeadFeed.Mode.STALLED.label()).isEqualTo("stalled");
    assertThat(HeadFeed.Mode.POLL.label()).isEqualTo("poll");
  }
}
