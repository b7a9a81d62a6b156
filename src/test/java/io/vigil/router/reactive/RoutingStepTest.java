package io.vigil.router.reactive;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingStepTest {

  private static final String HASH = "0x" + "02".repeat(32);
  private final RoutingStep step =
      new RoutingStep(new RoutingRules(Duration.ofSeconds(60), Duration.ofSeconds(30)));
  private final Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final Link from =
      Link.server("a", FeePolicy.FREE, new BigDecimal("50"), new BigDecimal("100"));
  private final Link other =
      Link.server("b", FeePolicy.FREE, new BigDecimal("100"), new BigDecimal("100"));
  private final List<Link> links = List.of(from, other);
  private final InMemoryRoutingTable table = new InMemoryRoutingTable();

  @Test
  void shouldRecordTheEntryAndQueueItsForwardsWhenAccepted() {
    Decision decision = step.receive(table, from, RoutingMessage.of(HASH, "40", 3), links, now);

    assertThat(decision).isInstanceOf(Decision.Accepted.class);
    assertThat(table.entry(HASH)).contains(((Decision.Accepted) decision).entry());
    assertThat(table.reserved("a", now)).isEqualByComparingTo("40");
    List<Forward> queued = table.drain();
    assertThat(queued).hasSize(1);
    assertThat(queued.get(0).to()).isEqualTo("b");
    assertThat(queued.get(0).amount()).isEqualByComparingTo("40");
    assertThat(queued.get(0).ttl()).isEqualTo(2);
  }

  @Test
  void shouldReadTheReservationFromTheTableAndChangeNothingWhenDropped() {
    step.receive(table, from, RoutingMessage.of(HASH, "40", 3), links, now);
    table.drain();
    String second = "0x" + "03".repeat(32);

    // 40 of the 50 on our side of a is reserved: 20 more does not fit
    Decision decision = step.receive(table, from, RoutingMessage.of(second, "20", 3), links, now);

    assertThat(decision).isEqualTo(new Decision.Dropped(DropReason.INSUFFICIENT_LIQUIDITY));
    assertThat(table.entry(second)).isEmpty();
    assertThat(table.hasQueued()).isFalse();
  }
}
