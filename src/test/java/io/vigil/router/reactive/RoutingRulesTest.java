package io.vigil.router.reactive;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.protocol.Amounts;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RoutingRulesTest {

  private static final String HASH = "0x" + "01".repeat(32);
  private final RoutingRules rules =
      new RoutingRules(Duration.ofSeconds(60), Duration.ofSeconds(30));
  private final Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final Link from =
      Link.server("a", new FeePolicy(new BigDecimal("0.5"), 2_500), amt("100"), amt("100"));
  private final Link other = Link.server("b", FeePolicy.FREE, amt("100"), amt("100"));
  private final Link poor = Link.server("c", FeePolicy.FREE, amt("100"), amt("5"));
  private final Link client = Link.client("d", FeePolicy.FREE, amt("100"), amt("100"));

  @Test
  void shouldAddBaseAndProportionalFeeWhenRecordingARoute() {
    // 40 + 0.5 + 40 × 2500 ppm (0.1) = 40.6
    Decision decision = decide(RoutingMessage.of(HASH, "40", 3), Optional.empty(), "0");

    RouteEntry entry = ((Decision.Accepted) decision).entry();
    assertThat(entry.amount()).isEqualByComparingTo("40.6");
    assertThat(entry.payAmount()).isEqualByComparingTo("40");
    assertThat(entry.nextHop()).isEqualTo("a");
    assertThat(entry.expiresAt()).isEqualTo(now.plusSeconds(60));
    assertThat(entry.reservedUntil()).isEqualTo(now.plusSeconds(30));
  }

  @Test
  void shouldForwardOnlyToOtherServersWhoseSideCarriesTheAmountWhenAccepted() {
    Decision.Accepted accepted =
        (Decision.Accepted) decide(RoutingMessage.of(HASH, "40", 3), Optional.empty(), "0");

    assertThat(accepted.forwards())
        .containsExactly(new Forward("b", HASH, new BigDecimal("40.6"), 2));
    assertThat(accepted.skipped()).extracting(Decision.Skipped::neighbour).containsExactly("c");
    assertThat(accepted.skipped().get(0).reason()).contains("holds 5");
  }

  @Test
  void shouldDropWhenTheSameAmountArrivesAgain() {
    RouteEntry existing = entry("40.6", "b");

    assertThat(decide(RoutingMessage.of(HASH, "40", 3), Optional.of(existing), "0"))
        .isEqualTo(new Decision.Dropped(DropReason.NOT_LOWER));
  }

  @Test
  void shouldReplaceWhenAStrictlyLowerAmountArrives() {
    RouteEntry existing = entry("40.61", "b");

    Decision.Accepted accepted =
        (Decision.Accepted) decide(RoutingMessage.of(HASH, "40", 3), Optional.of(existing), "0");

    assertThat(accepted.replaced()).contains(existing);
    assertThat(accepted.entry().amount()).isEqualByComparingTo("40.6");
    // the neighbour that offered the old route is told about the better one too
    assertThat(accepted.forwards()).extracting(Forward::to).containsExactly("b");
  }

  @Test
  void shouldTreatAnExpiredEntryAsAbsentWhenAHigherAmountArrives() {
    RouteEntry expired =
        new RouteEntry(HASH, amt("1"), amt("1"), "b", 3, now.minusSeconds(1), now.minusSeconds(1));

    Decision decision = decide(RoutingMessage.of(HASH, "40", 3), Optional.of(expired), "0");

    assertThat(decision).isInstanceOf(Decision.Accepted.class);
    assertThat(((Decision.Accepted) decision).replaced()).isEmpty();
  }

  @Test
  void shouldDropWhenOurSideOfTheNextHopLinkCannotPay() {
    assertThat(decide(RoutingMessage.of(HASH, "100.01", 3), Optional.empty(), "0"))
        .isEqualTo(new Decision.Dropped(DropReason.INSUFFICIENT_LIQUIDITY));
    assertThat(decide(RoutingMessage.of(HASH, "60", 3), Optional.empty(), "50"))
        .isEqualTo(new Decision.Dropped(DropReason.INSUFFICIENT_LIQUIDITY));
  }

  @Test
  void shouldCountTheReplacedRoutesOwnReservationAsFreeWhenTheSameLinkImproves() {
    RouteEntry existing =
        new RouteEntry(HASH, amt("91"), amt("90"), "a", 3, now.plusSeconds(9), now.plusSeconds(9));

    // 90 reserved by the entry being replaced: 100 - 90 + 90 >= 80
    assertThat(decide(RoutingMessage.of(HASH, "80", 3), Optional.of(existing), "90"))
        .isInstanceOf(Decision.Accepted.class);
  }

  @Test
  void shouldRecordButNotForwardWhenNoHopsAreLeft() {
    Decision.Accepted accepted =
        (Decision.Accepted) decide(RoutingMessage.of(HASH, "1", 0), Optional.empty(), "0");

    assertThat(accepted.forwards()).isEmpty();
    assertThat(decide(RoutingMessage.of(HASH, "1", -1), Optional.empty(), "0"))
        .isEqualTo(new Decision.Dropped(DropReason.TTL_EXHAUSTED));
  }

  @Test
  void shouldRoundUpWhenConvertingIntoAnotherUnit() {
    assertThat(Amounts.divideUp(amt("1"), amt("3"))).isEqualByComparingTo("0.333333333333333334");
    assertThat(Amounts.ppm(amt("0.000000000000000001"), 1))
        .isEqualByComparingTo("0.000000000000000001");
    assertThat(Amounts.refusal(amt("-1"))).contains("must be positive");
    assertThat(Amounts.refusal(amt("0.0000000000000000001"))).isPresent();
    assertThat(Amounts.refusal(amt("12.5"))).isEmpty();
  }

  private Decision decide(RoutingMessage message, Optional<RouteEntry> current, String reserved) {
    return rules.decide(
        message, from, current, List.of(from, other, poor, client), amt(reserved), now);
  }

  private RouteEntry entry(String amount, String nextHop) {
    return new RouteEntry(
        HASH, amt(amount), amt(amount), nextHop, 3, now.plusSeconds(9), now.plusSeconds(9));
  }

  private static BigDecimal amt(String value) {
    return new BigDecimal(value);
  }
}
