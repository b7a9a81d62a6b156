package io.vigil.router.reactive;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;

/** The routing server's source of time; one place to swap in a fixed clock. */
@ApplicationScoped
public class RouterClock {

  private final Clock clock = Clock.systemUTC();

  public Instant now() {
    return clock.instant();
  }
}
