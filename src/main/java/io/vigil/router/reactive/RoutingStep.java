package io.vigil.router.reactive;

import java.time.Instant;
import java.util.Collection;

/**
 * In charge of one incoming routing message against a {@link RoutingTable}: it lets {@link
 * RoutingRules} decide over the table's state and records an accepted route with its forwards. The
 * server and the in-memory simulation both go through here, so the rules run in one place.
 */
public final class RoutingStep {

  private final RoutingRules rules;

  public RoutingStep(RoutingRules rules) {
    this.rules = rules;
  }

  /**
   * Decides on {@code message}, arrived on {@code from}, and records the outcome in {@code table}.
   *
   * @param links every link of this server, {@code from} included
   */
  public Decision receive(
      RoutingTable table, Link from, RoutingMessage message, Collection<Link> links, Instant now) {
    Decision decision =
        rules.decide(
            message,
            from,
            table.entry(message.hash()),
            links,
            table.reserved(from.address(), now),
            now);
    if (decision instanceof Decision.Accepted accepted) {
      table.put(accepted.entry(), now);
      for (Forward forward : accepted.forwards()) {
        table.enqueue(forward, now);
      }
    }
    return decision;
  }
}
