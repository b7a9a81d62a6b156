package io.vigil.router.reactive;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;

/** The routing server's reading of the injected {@link Clock} (the core's, or a test's). */
@ApplicationScoped
public class RouterClock {

  private final Clock clock;

  public RouterClock(Clock clock) {
    this.clock = clock;
  }

  public Instant now() {
    return clock.instant();
  }
}
