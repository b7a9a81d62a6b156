package io.vigil.core.concurrent;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;

/**
 * Gives each round of a {@link PeriodicJob} its own CDI request context, as a scheduled method had:
 * request-scoped beans (a Hibernate session outside a transaction) live for one round.
 */
@ApplicationScoped
public class RoundContext {

  /** Runs the round inside a request context that ends with it. */
  @ActivateRequestContext
  public void run(Runnable round) {
    round.run();
  }
}
