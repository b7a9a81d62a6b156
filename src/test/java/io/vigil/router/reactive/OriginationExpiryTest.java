package io.vigil.router.reactive;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** When an origination's expiry is accepted, and the text a client signs. */
class OriginationExpiryTest {

  private static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L, 500_000_000);
  private static final Duration MAX = Duration.ofMinutes(10);

  @Test
  void shouldAcceptAnExpiryAfterNowAndWithinTheMaximumLifetime() {
    assertThat(OriginationExpiry.refusal(1_700_000_001L, NOW, MAX)).isEmpty();
    assertThat(OriginationExpiry.refusal(1_700_000_600L, NOW, MAX)).isEmpty();
  }

  @Test
  void shouldRefuseAnExpiryThatHasPassedOrIsNow() {
    assertThat(OriginationExpiry.refusal(1_700_000_000L, NOW, MAX))
        .get()
        .asString()
        .startsWith("expired");
    assertThat(OriginationExpiry.refusal(0, NOW, MAX)).isPresent();
    assertThat(OriginationExpiry.refusal(Long.MIN_VALUE, NOW, MAX)).isPresent();
  }

  @Test
  void shouldRefuseAnExpiryFurtherAheadThanTheMaximumLifetime() {
    assertThat(OriginationExpiry.refusal(1_700_000_601L, NOW, MAX))
        .get()
        .asString()
        .contains("at most 600 seconds");
    assertThat(OriginationExpiry.refusal(Long.MAX_VALUE, NOW, MAX)).isPresent();
  }

  @Test
  void shouldNameTheServerTheHashTheCanonicalAmountAndTheExpiryInTheSignedText() {
    String server = "0x" + "5a".repeat(20);

    assertThat(
            OriginationResource.originationText(
                server, "0x" + "01".repeat(32), new BigDecimal("12.500"), 1_700_000_300L))
        .isEqualTo(
            "vigil-origination/2\n" + server + "\n0x" + "01".repeat(32) + "\n12.5\n1700000300");
  }
}
