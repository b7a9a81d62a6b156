package io.vigil.router.reactive;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.concurrent.Backoff;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How the range asked of a neighbour adapts to pages over the size limit, and failures' waits. */
class PeerPollerTest {

  @Test
  void shouldHalveTheRangeDownToOneBundleWhenPagesAreTooLarge() {
    int range = 100;
    StringBuilder ranges = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      range = PeerPoller.narrower(range);
      ranges.append(range).append(' ');
    }

    assertThat(ranges.toString().strip()).isEqualTo("50 25 12 6 3 1 1 1");
  }

  @Test
  void shouldGrowTheRangeBackUpToTheCapWhenPagesSucceed() {
    assertThat(PeerPoller.wider(1, 100)).isEqualTo(2);
    assertThat(PeerPoller.wider(50, 100)).isEqualTo(100);
    assertThat(PeerPoller.wider(60, 100)).isEqualTo(100);
    assertThat(PeerPoller.wider(Integer.MAX_VALUE, Integer.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void shouldDoubleTheWaitAfterEachFailedPollUpToTheLongestWait() {
    Backoff backoff = PeerPoller.backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

    assertThat(backoff.after(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.after(5)).isEqualTo(Duration.ofSeconds(16));
    assertThat(backoff.after(6)).isEqualTo(Duration.ofSeconds(30));
    assertThat(backoff.after(1_000)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void shouldWaitTheLongestWaitWhenThePollIntervalIsLonger() {
    assertThat(PeerPoller.backoff(Duration.ofMinutes(2), Duration.ofSeconds(30)).after(1))
        .isEqualTo(Duration.ofSeconds(30));
  }
}
