package io.vigil.router.payinit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.router.payinit.Lifetimes.Expiry;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LifetimesTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration DAY = Duration.ofDays(1);
  private static final Duration WEEK = Duration.ofDays(7);

  @Test
  void shouldKeepForTheDefaultWhenNothingIsAsked() {
    assertThat(Lifetimes.decide(null, NOW, DAY, WEEK)).isEqualTo(new Expiry.At(NOW.plus(DAY)));
  }

  @Test
  void shouldKeepUntilTheAskedTimeWithinTheMaximum() {
    long asked = NOW.plus(WEEK).getEpochSecond();

    assertThat(Lifetimes.decide(asked, NOW, DAY, WEEK))
        .isEqualTo(new Expiry.At(Instant.ofEpochSecond(asked)));
  }

  @Test
  void shouldRefuseATimeBeyondTheMaximum() {
    long asked = NOW.plus(WEEK).getEpochSecond() + 1;

    assertThat(Lifetimes.decide(asked, NOW, DAY, WEEK)).isInstanceOf(Expiry.Refused.class);
  }

  @Test
  void shouldRefuseATimeInThePast() {
    assertThat(Lifetimes.decide(NOW.getEpochSecond(), NOW, DAY, WEEK))
        .isInstanceOf(Expiry.Refused.class);
  }

  @Test
  void shouldNeverKeepLongerThanTheMaximumByDefault() {
    assertThat(Lifetimes.decide(null, NOW, WEEK.plus(DAY), WEEK))
        .isEqualTo(new Expiry.At(NOW.plus(WEEK)));
  }
}
