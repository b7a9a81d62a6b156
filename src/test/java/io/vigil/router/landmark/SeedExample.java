package io.vigil.router.landmark;

import java.util.List;

/**
 * The seed's worked example: Alice, Bob and Charlie trust each other for 10 each way, Alice owes
 * Bob 5 and Charlie 5, and the routing tables the propagation rule gives for it.
 */
final class SeedExample {

  private SeedExample() {}

  static final Limit UNLIMITED = Limit.UNLIMITED;

  /** Each user's trustlines as (user, contact, trustGiven, trustReceived, debt). */
  static final List<Line> LINES =
      List.of(
          new Line("Alice", "Bob", 10, 10, 5),
          new Line("Bob", "Alice", 10, 10, -5),
          new Line("Alice", "Charlie", 10, 10, 5),
          new Line("Charlie", "Alice", 10, 10, -5),
          new Line("Bob", "Charlie", 10, 10, 0),
          new Line("Charlie", "Bob", 10, 10, 0));

  /**
   * Every row of the three tables after the exchange goes quiet, as (user, landmark, approach,
   * contact, maxTo, maxFrom). Two rows differ from the seed's text, which gives 5/10 for them: the
   * rule gives 5/5 (see docs/routing.md, "Landmark routing").
   */
  static final List<Row> ROWS =
      List.of(
          // own landmark of a contact ("self")
          row("Alice", "Bob", "Alice", "Bob", null, null),
          row("Alice", "Charlie", "Alice", "Charlie", null, null),
          row("Bob", "Alice", "Bob", "Alice", null, null),
          row("Bob", "Charlie", "Bob", "Charlie", null, null),
          row("Charlie", "Alice", "Charlie", "Alice", null, null),
          row("Charlie", "Bob", "Charlie", "Bob", null, null),
          // two hops
          row("Alice", "Charlie", "Bob", "Bob", 10L, 10L),
          row("Alice", "Bob", "Charlie", "Charlie", 10L, 10L),
          row("Bob", "Alice", "Charlie", "Charlie", 15L, 5L),
          row("Bob", "Charlie", "Alice", "Alice", 5L, 15L),
          row("Charlie", "Alice", "Bob", "Bob", 15L, 5L),
          row("Charlie", "Bob", "Alice", "Alice", 5L, 15L),
          // three hops, back to the user's own landmark
          row("Alice", "Alice", "Bob", "Charlie", 10L, 5L),
          row("Alice", "Alice", "Charlie", "Bob", 10L, 5L),
          row("Bob", "Bob", "Charlie", "Alice", 5L, 10L),
          row("Bob", "Bob", "Alice", "Charlie", 5L, 5L), // seed: 5, 10
          row("Charlie", "Charlie", "Bob", "Alice", 5L, 10L),
          row("Charlie", "Charlie", "Alice", "Bob", 5L, 5L)); // seed: 5, 10

  static Row row(
      String user, String landmark, String approach, String contact, Long maxTo, Long maxFrom) {
    return new Row(
        user, landmark, approach, contact, Limit.ofNullable(maxTo), Limit.ofNullable(maxFrom));
  }

  static Row of(Route route) {
    return new Row(
        route.user(),
        route.landmark(),
        route.approach(),
        route.contact(),
        route.maxTo(),
        route.maxFrom());
  }

  record Line(String user, String contact, long trustGiven, long trustReceived, long debt) {
    Contact contact(String server) {
      return new Contact(
          user, contact, server, new Contact.Trustline(trustGiven, trustReceived, debt, 0, 0));
    }
  }

  record Row(
      String user, String landmark, String approach, String contact, Limit maxTo, Limit maxFrom) {}
}
