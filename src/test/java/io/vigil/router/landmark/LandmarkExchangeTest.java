package io.vigil.router.landmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LandmarkExchangeTest {

  private final InMemoryLandmarkStore store = new InMemoryLandmarkStore();
  private final LandmarkExchange exchange =
      new LandmarkExchange(store, new PropagationRule(6), 1000, Integer.MAX_VALUE);
  private final HostedUsers users = new HostedUsers(store, Long.MAX_VALUE, Integer.MAX_VALUE);

  private int runUntilQuiet(int maxWindows) {
    for (int window = 1; window <= maxWindows; window++) {
      if (exchange.flush().messages() == 0 && store.pendingCount() == 0) {
        return window;
      }
    }
    throw new AssertionError("still sending after " + maxWindows + " windows");
  }

  private void seed() {
    for (String user : List.of("Alice", "Bob", "Charlie")) {
      users.addUser(user);
    }
    for (SeedExample.Line line : SeedExample.LINES) {
      assertThat(users.putContact(line.contact(null))).isInstanceOf(HostedUsers.Change.Done.class);
    }
  }

  /**
   * Was a 500 from {@code POST /v1/landmark/windows}, and a window that failed for every user: a
   * user announcing to a hosted contact that had not added it back made the flush throw.
   */
  @Test
  void shouldHoldBackAnnouncementsToAHostedContactUntilItAddsTheUserBack() {
    users.addUser("Alice");
    users.addUser("Bob");
    users.putContact(SeedExample.LINES.get(0).contact(null)); // Alice -> Bob only

    LandmarkExchange.Window oneSided = exchange.flush();

    assertThat(oneSided.messages()).isZero();
    assertThat(store.sent("Alice", "Bob")).isEmpty();
    assertThat(store.routes("Bob")).isEmpty();

    users.putContact(SeedExample.LINES.get(1).contact(null)); // Bob -> Alice: the link is whole
    runUntilQuiet(10);

    assertThat(store.sent("Alice", "Bob")).isNotEmpty();
    assertThat(store.routes("Bob").values()).anyMatch(route -> route.landmark().equals("Alice"));
  }

  @Test
  void shouldBuildEverySeedRowWhenTheExampleRunsThroughTheExchange() {
    seed();

    int windows = runUntilQuiet(10);

    assertThat(store.allRoutes().stream().map(SeedExample::of).toList())
        .containsExactlyInAnyOrderElementsOf(SeedExample.ROWS);
    assertThat(windows).isEqualTo(4); // three hops, then a quiet window
  }

  @Test
  void shouldCombineAWindowsUpdatesIntoOneMessagePerContactWhenSeveralArrive() {
    seed();

    LandmarkExchange.Window first = exchange.flush();
    LandmarkExchange.Window second = exchange.flush();

    // Each user sends each of its two contacts exactly one message per window.
    assertThat(first.messages()).isEqualTo(6);
    assertThat(second.messages()).isEqualTo(6);
  }

  @Test
  void shouldPlanTheSeedTopUpAndLeaveTheRuleBalancesWhenApplied() {
    seed();
    runUntilQuiet(10);
    String lock = "0x" + "ab".repeat(32);

    TopUpPlan plan =
        new TopUpPlanner()
            .plan(
                "Alice", "Bob", 10, lock, store.contacts("Alice"), store.routes("Alice").values());

    assertThat(plan).isInstanceOf(TopUpPlan.Planned.class);
    TopUpPlan.Planned planned = (TopUpPlan.Planned) plan;
    assertThat(planned.available()).isEqualTo(5);
    assertThat(planned.needed()).isEqualTo(5);
    assertThat(planned.proposal())
        .isEqualTo(
            new TopUpPlan.Proposal("Alice", "Charlie", 5, lock, List.of("Alice:Bob", "Bob")));
    assertThat(planned.cycle()).containsExactly("Alice", "Charlie", "Bob", "Alice");
    assertThat(planned.limit()).isEqualTo(5); // first hop Alice -> Charlie, applied on the fly

    List<String> cycle = planned.cycle();
    for (int i = 0; i + 1 < cycle.size(); i++) {
      assertThat(users.transfer(cycle.get(i), cycle.get(i + 1), 5))
          .isInstanceOf(HostedUsers.Change.Done.class);
      assertThat(users.transfer(cycle.get(i + 1), cycle.get(i), -5))
          .isInstanceOf(HostedUsers.Change.Done.class);
    }

    assertThat(debt("Alice", "Charlie")).isEqualTo(10);
    assertThat(debt("Alice", "Bob")).isZero();
    assertThat(debt("Charlie", "Bob")).isEqualTo(5);
    assertThat(store.contact("Alice", "Bob").orElseThrow().capacityOut()).isEqualTo(10);
    assertThat(
            new TopUpPlanner()
                .plan(
                    "Alice",
                    "Bob",
                    10,
                    lock,
                    store.contacts("Alice"),
                    store.routes("Alice").values()))
        .isEqualTo(new TopUpPlan.NotNeeded(10));
  }

  @Test
  void shouldExplainWhenNoCircularRouteCarriesTheAmount() {
    seed();
    runUntilQuiet(10);

    TopUpPlan plan =
        new TopUpPlanner()
            .plan(
                "Alice",
                "Bob",
                20,
                "0x" + "cd".repeat(32),
                store.contacts("Alice"),
                store.routes("Alice").values());

    assertThat(plan).isInstanceOf(TopUpPlan.NoPlan.class);
    assertThat(((TopUpPlan.NoPlan) plan).needed()).isEqualTo(15);
    assertThat(((TopUpPlan.NoPlan) plan).reason()).contains("carries only 5");
  }

  @Test
  void shouldReannounceChangedLimitsWhenCapacityChanges() {
    seed();
    runUntilQuiet(10);

    // Bob pays Charlie 4: cap(Bob -> Charlie) drops from 10 to 6.
    users.transfer("Bob", "Charlie", 4);
    users.transfer("Charlie", "Bob", -4);
    runUntilQuiet(10);

    assertThat(route("Alice", "Charlie", "Bob", "Bob").maxTo()).isEqualTo(Limit.of(6));
    assertThat(route("Alice", "Charlie", "Bob", "Bob").maxFrom()).isEqualTo(Limit.of(14));
  }

  @Test
  void shouldRefuseAMessageFromANonContactAndStoreNothing() {
    seed();
    users.addUser("Mallory");

    ReceiveOutcome outcome =
        exchange.receive(
            new RoutingMessage(
                "Mallory",
                "Alice",
                1,
                List.of(
                    new Entry(
                        "Mallory",
                        "Alice",
                        List.of("Mallory"),
                        Limit.UNLIMITED,
                        Limit.UNLIMITED))));

    assertThat(outcome).isEqualTo(new ReceiveOutcome.NotAContact("Mallory"));
    assertThat(store.routes("Alice")).isEmpty();
  }

  @Test
  void shouldRefuseTheWholeMessageWhenOneEntryLoopsThroughTheReceiver() {
    seed();
    Entry good = new Entry("Bob", "Alice", List.of("Bob"), Limit.UNLIMITED, Limit.UNLIMITED);
    Entry looping =
        new Entry("Charlie", "Alice", List.of("Bob", "Alice", "Charlie"), Limit.of(1), Limit.of(1));

    ReceiveOutcome outcome =
        exchange.receive(new RoutingMessage("Bob", "Alice", 1, List.of(good, looping)));

    assertThat(outcome).isInstanceOf(ReceiveOutcome.Malformed.class);
    assertThat(((ReceiveOutcome.Malformed) outcome).field()).isEqualTo("entries[1].path");
    assertThat(store.routes("Alice")).isEmpty();
  }

  @Test
  void shouldIgnoreARedeliveredMessageWhenItsSequenceIsNotNew() {
    seed();
    Entry entry = new Entry("Bob", "Alice", List.of("Bob"), Limit.UNLIMITED, Limit.UNLIMITED);
    exchange.receive(new RoutingMessage("Bob", "Alice", 1, List.of(entry)));

    ReceiveOutcome again =
        exchange.receive(new RoutingMessage("Bob", "Alice", 1, List.of(entry.withdrawn())));

    assertThat(again).isEqualTo(new ReceiveOutcome.Duplicate(1));
    assertThat(store.routes("Alice")).hasSize(1);
  }

  @Test
  void shouldRefuseASequenceFurtherAboveTheLastOneThanTheBoundAndStoreNothing() {
    seed();
    Entry entry = new Entry("Bob", "Alice", List.of("Bob"), Limit.UNLIMITED, Limit.UNLIMITED);
    assertThat(exchange.receive(new RoutingMessage("Bob", "Alice", 1, List.of(entry))))
        .isEqualTo(new ReceiveOutcome.Accepted(1));

    ReceiveOutcome poisoned =
        exchange.receive(
            new RoutingMessage("Bob", "Alice", Long.MAX_VALUE, List.of(entry.withdrawn())));
    ReceiveOutcome justOver =
        exchange.receive(new RoutingMessage("Bob", "Alice", 1002, List.of(entry.withdrawn())));

    assertThat(poisoned).isEqualTo(new ReceiveOutcome.SequenceJump(1, Long.MAX_VALUE, 1000));
    assertThat(justOver).isEqualTo(new ReceiveOutcome.SequenceJump(1, 1002, 1000));
    assertThat(store.receivedSequence("Alice", "Bob")).isEqualTo(1);
    assertThat(store.routes("Alice")).hasSize(1);
    // the genuine sender's next message, and one at the edge of the bound, still go through
    assertThat(exchange.receive(new RoutingMessage("Bob", "Alice", 2, List.of(entry.withdrawn()))))
        .isEqualTo(new ReceiveOutcome.Accepted(1));
    assertThat(exchange.receive(new RoutingMessage("Bob", "Alice", 1002, List.of(entry))))
        .isEqualTo(new ReceiveOutcome.Accepted(1));
  }

  @Test
  void shouldBoundTheFirstSequenceFromAContactByTheSameJumpFromZero() {
    assertThat(LandmarkExchange.sequenceRefusal(0, 1, 1000)).isEmpty();
    assertThat(LandmarkExchange.sequenceRefusal(0, 1000, 1000)).isEmpty();
    assertThat(LandmarkExchange.sequenceRefusal(0, 1001, 1000))
        .contains(new ReceiveOutcome.SequenceJump(0, 1001, 1000));
    assertThat(LandmarkExchange.sequenceRefusal(Long.MAX_VALUE - 1, Long.MAX_VALUE, 1)).isEmpty();
    assertThat(LandmarkExchange.sequenceRefusal(0, Long.MAX_VALUE, Long.MAX_VALUE - 1)).isPresent();
  }

  @Test
  void shouldApplyASignedMessageOnlyWhenTheSignerIsTheSendersPinnedServerKey() {
    String pinned = "0x" + "11".repeat(20);
    String other = "0x" + "22".repeat(20);
    users.addUser("Alice");
    assertThat(
            users.putContact(
                new Contact(
                    "Alice",
                    "Dave",
                    "https://vigil-d.example",
                    pinned,
                    new Contact.Channel(10, 10))))
        .isInstanceOf(HostedUsers.Change.Done.class);
    users.addUser("Bob");
    users.putContact(new Contact("Alice", "Bob", null, new Contact.Channel(10, 10)));
    Entry fromDave = new Entry("Dave", "Alice", List.of("Dave"), Limit.of(5), Limit.of(5));
    Entry fromBob = new Entry("Bob", "Alice", List.of("Bob"), Limit.of(5), Limit.of(5));

    assertThat(
            exchange.receiveSigned(
                new RoutingMessage("Dave", "Alice", 1, List.of(fromDave)), other))
        .isEqualTo(new ReceiveOutcome.WrongServerKey("Dave", other, pinned));
    assertThat(
            exchange.receiveSigned(new RoutingMessage("Bob", "Alice", 1, List.of(fromBob)), pinned))
        .isEqualTo(new ReceiveOutcome.WrongServerKey("Bob", pinned, null));
    assertThat(store.routes("Alice")).isEmpty();
    assertThat(store.receivedSequence("Alice", "Dave")).isZero();

    assertThat(
            exchange.receiveSigned(
                new RoutingMessage("Dave", "Alice", 1, List.of(fromDave)), pinned))
        .isEqualTo(new ReceiveOutcome.Accepted(1));
  }

  private long debt(String user, String contact) {
    return ((Contact.Trustline) store.contact(user, contact).orElseThrow().terms()).debt();
  }

  private Route route(String user, String landmark, String approach, String contact) {
    return store.routes(user).get(new Route.Key(landmark, approach, contact));
  }

  @Test
  void shouldStoreNoFurtherLandmarkButUpdateHeldOnesWhenTheTableIsFull() {
    LandmarkExchange capped = new LandmarkExchange(store, new PropagationRule(6), 1000, 2);
    users.addUser("Alice");
    users.addUser("Bob");
    users.putContact(new Contact("Alice", "Bob", null, new Contact.Channel(5, 5)));

    ReceiveOutcome first =
        capped.receive(
            new RoutingMessage(
                "Bob", "Alice", 1, List.of(entry("L1", 10), entry("L2", 10), entry("L3", 10))));
    ReceiveOutcome second =
        capped.receive(
            new RoutingMessage("Bob", "Alice", 2, List.of(entry("L4", 10), entry("L1", 20))));

    assertThat(first).isEqualTo(new ReceiveOutcome.Accepted(2));
    assertThat(second).isEqualTo(new ReceiveOutcome.Accepted(1));
    assertThat(store.routes("Alice").values())
        .extracting(Route::landmark, route -> route.maxTo().amount())
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("L1", 20L),
            org.assertj.core.groups.Tuple.tuple("L2", 10L));
  }

  private static Entry entry(String landmark, long limit) {
    return new Entry(landmark, "Bob", List.of("Bob", landmark), Limit.of(limit), Limit.of(limit));
  }
}
