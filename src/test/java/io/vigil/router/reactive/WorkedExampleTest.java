package io.vigil.router.reactive;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The protocol's worked example (Alice, Bob, Charlie, Doris, Esteban) run through the real rules:
 * Doris is to receive $100; Esteban (1% fee, $→€ 0.85) and Charlie (4% fee) hear her; Bob (1% fee,
 * €→$ 1.2) hears Charlie first, then Esteban, and switches.
 */
class WorkedExampleTest {

  private static final String HASH = "0x" + "ab".repeat(32);
  private static final BigDecimal PLENTY = new BigDecimal("1000");
  private final RoutingRules rules =
      new RoutingRules(Duration.ofMinutes(10), Duration.ofMinutes(10));
  private final Instant now = Instant.parse("2026-01-01T00:00:00Z");

  private final ReactiveNode esteban =
      new ReactiveNode("esteban", rules)
          .link(
              Link.client("doris", FeePolicy.percent("1"), PLENTY, PLENTY)
                  .withUnit("USD", new BigDecimal("0.85")))
          .link(Link.server("bob", FeePolicy.FREE, PLENTY, PLENTY).withUnit("EUR", BigDecimal.ONE));
  private final ReactiveNode charlie =
      new ReactiveNode("charlie", rules)
          .link(Link.client("doris", FeePolicy.percent("4"), PLENTY, PLENTY))
          .link(Link.server("bob", FeePolicy.FREE, PLENTY, PLENTY));
  private final ReactiveNode bob =
      new ReactiveNode("bob", rules)
          .link(Link.server("charlie", FeePolicy.percent("1"), PLENTY, PLENTY))
          .link(
              Link.server("esteban", FeePolicy.percent("1"), PLENTY, PLENTY)
                  .withUnit("EUR", new BigDecimal("1.2")))
          .link(Link.client("alice", FeePolicy.FREE, PLENTY, PLENTY));

  @Test
  void shouldReproduceTheReadmeAmountsWhenBobHearsCharlieThenEsteban() {
    RoutingMessage fromDoris = RoutingMessage.of(HASH, "100", 8);

    Decision atEsteban = esteban.receive("doris", fromDoris, now);
    Decision atCharlie = charlie.receive("doris", fromDoris, now);

    assertThat(esteban.entry(HASH, now).orElseThrow().amount()).isEqualByComparingTo("85.85");
    assertThat(charlie.entry(HASH, now).orElseThrow().amount()).isEqualByComparingTo("104");
    Forward estebanToBob = single(esteban.flush());
    Forward charlieToBob = single(charlie.flush());
    assertThat(estebanToBob.to()).isEqualTo("bob");
    assertThat(estebanToBob.amount()).isEqualByComparingTo("85.85");
    assertThat(charlieToBob.amount()).isEqualByComparingTo("104");
    assertThat(atEsteban).isInstanceOf(Decision.Accepted.class);
    assertThat(atCharlie).isInstanceOf(Decision.Accepted.class);

    // Bob hears Charlie first and advertises $105.04.
    bob.receive("charlie", message(charlieToBob), now);
    RouteEntry first = bob.entry(HASH, now).orElseThrow();
    assertThat(first.amount()).isEqualByComparingTo("105.04");
    assertThat(first.nextHop()).isEqualTo("charlie");
    bob.flush();

    // Then Esteban's offer arrives: (85.85 + 1%) × 1.2 = 104.0502 < 105.04, so Bob switches.
    Decision switched = bob.receive("esteban", message(estebanToBob), now);
    assertThat(switched).isInstanceOf(Decision.Accepted.class);
    Decision.Accepted accepted = (Decision.Accepted) switched;
    assertThat(accepted.replaced()).map(RouteEntry::nextHop).contains("charlie");
    RouteEntry best = bob.entry(HASH, now).orElseThrow();
    assertThat(best.amount()).isEqualByComparingTo("104.0502");
    assertThat(best.amount().setScale(2, RoundingMode.HALF_UP)).isEqualByComparingTo("104.05");
    assertThat(best.nextHop()).isEqualTo("esteban");
    assertThat(best.payAmount()).isEqualByComparingTo("85.85");
    // Bob re-advertises the lower amount to his other server neighbour (Charlie), not to Esteban.
    Forward readvertised = single(bob.flush());
    assertThat(readvertised.to()).isEqualTo("charlie");
    assertThat(readvertised.amount()).isEqualByComparingTo("104.0502");

    // Alice pays Bob $104.0502, Bob pays Esteban €85.85, Esteban pays Doris $100.
    assertThat(esteban.entry(HASH, now).orElseThrow().payAmount()).isEqualByComparingTo("100");
    assertThat(bob.reserved("esteban", now)).isEqualByComparingTo("85.85");
    assertThat(bob.reserved("charlie", now)).isEqualByComparingTo("0");
  }

  @Test
  void shouldDropTheWorseEchoesWhenNeighboursHearBobsOffersBack() {
    RoutingMessage fromDoris = RoutingMessage.of(HASH, "100", 8);
    esteban.receive("doris", fromDoris, now);
    charlie.receive("doris", fromDoris, now);
    bob.receive("charlie", message(single(charlie.flush())), now);
    Forward bobToEsteban = single(bob.flush());
    assertThat(bobToEsteban.to()).isEqualTo("esteban");
    // $105.04 in euros at 1.2, rounded up to 18 digits
    assertThat(bobToEsteban.amount()).isEqualByComparingTo("87.533333333333333334");

    Decision echo = esteban.receive("bob", message(bobToEsteban), now);

    assertThat(echo).isEqualTo(new Decision.Dropped(DropReason.NOT_LOWER));
    assertThat(esteban.entry(HASH, now).orElseThrow().nextHop()).isEqualTo("doris");
  }

  private static RoutingMessage message(Forward forward) {
    return new RoutingMessage(forward.hash(), forward.amount(), forward.ttl());
  }

  private static Forward single(java.util.List<Forward> forwards) {
    assertThat(forwards).hasSize(1);
    return forwards.get(0);
  }
}
