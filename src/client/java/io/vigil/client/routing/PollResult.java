package io.vigil.client.routing;

import java.util.List;
import java.util.Optional;

/**
 * The answers of every polled routing server for one payment hash, in the order the servers were
 * configured.
 */
public record PollResult(String hash, List<RouteAnswer> answers) {

  public PollResult {
    answers = List.copyOf(answers);
  }

  /**
   * The cheapest route: the lowest amount among the routes in the unit of the first server (in
   * configured order) that has a route; on equal amounts the server configured first wins. Amounts
   * in another unit are not comparable and are never chosen over it.
   */
  public Optional<RouteAnswer.Route> best() {
    RouteAnswer.Route best = null;
    for (RouteAnswer answer : answers) {
      if (answer instanceof RouteAnswer.Route route
          && (best == null
              || route.unit().equals(best.unit()) && route.amount().compareTo(best.amount()) < 0)) {
        best = route;
      }
    }
    return Optional.ofNullable(best);
  }

  /** True when no server could be reached or answered properly. */
  public boolean allFailed() {
    return !answers.isEmpty() && answers.stream().allMatch(RouteAnswer.Failed.class::isInstance);
  }
}
