package io.vigil.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class GatekeeperTest {

  private static final String CLIENT = "0x" + "aa".repeat(20);

  private final MutableClock clock = new MutableClock();
  private final Gatekeeper gatekeeper = new Gatekeeper(clock, 2.0, 3, 5);

  @Test
  void shouldAdmitABurstThenRefuseWithRetryAfterWhenTheRateIsExceeded() {
    for (int i = 0; i < 3; i++) {
      assertThat(gatekeeper.admitRequest(CLIENT)).isInstanceOf(Gatekeeper.Admission.Admitted.class);
    }

    Gatekeeper.Admission refused = gatekeeper.admitRequest(CLIENT);

    assertThat(refused).isInstanceOf(Gatekeeper.Admission.Refused.class);
    assertThat(((Gatekeeper.Admission.Refused) refused).retryAfterSeconds()).isEqualTo(1);
  }

  @Test
  void shouldAdmitAgainWhenTokensRefillOverTime() {
    for (int i = 0; i < 3; i++) {
      gatekeeper.admitRequest(CLIENT);
    }
    assertThat(gatekeeper.admitRequest(CLIENT)).isInstanceOf(Gatekeeper.Admission.Refused.class);

    clock.advance(Duration.ofMillis(500));

    assertThat(gatekeeper.admitRequest(CLIENT)).isInstanceOf(Gatekeeper.Admission.Admitted.class);
    assertThat(gatekeeper.admitRequest(CLIENT)).isInstanceOf(Gatekeeper.Admission.Refused.class);
  }

  @Test
  void shouldKeepClientsApartWhenOneIsThrottled() {
    for (int i = 0; i < 4; i++) {
      gatekeeper.admitRequest(CLIENT);
    }

    assertThat(gatekeeper.admitRequest("0x" + "bb".repeat(20)))
        .isInstanceOf(Gatekeeper.Admission.Admitted.class);
  }

  @Test
  void shouldRefuseANewChannelWhenTheQuotaIsReached() {
    assertThat(gatekeeper.admitNewChannel(CLIENT, 4))
        .isInstanceOf(Gatekeeper.Admission.Admitted.class);
    assertThat(gatekeeper.admitNewChannel(CLIENT, 5))
        .isInstanceOf(Gatekeeper.Admission.Refused.class);
  }

  private static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
