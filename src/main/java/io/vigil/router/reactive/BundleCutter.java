package io.vigil.router.reactive;

import io.vigil.core.concurrent.PeriodicJob;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Flushes the outgoing queue into a bundle every flush interval, and expires entries and trims old
 * bundles. Every replica may run these jobs; the core's advisory lock serialises them.
 */
@ApplicationScoped
public class BundleCutter implements PeriodicJob.Owner {

  private static final Logger LOG = Logger.getLogger(BundleCutter.class);

  private final RoutingCore core;
  private final Duration flushInterval;
  private final Duration housekeepingInterval;

  public BundleCutter(RoutingCore core, RouterConfig config) {
    this.core = core;
    this.flushInterval = config.flushInterval();
    this.housekeepingInterval = config.housekeepingInterval();
  }

  @Override
  public List<PeriodicJob> periodicJobs() {
    return List.of(
        PeriodicJob.every("router.flush", flushInterval, this::flush),
        PeriodicJob.every("router.housekeeping", housekeepingInterval, this::housekeeping));
  }

  void flush() {
    core.cut();
  }

  void housekeeping() {
    int[] removed = core.housekeeping();
    if (removed[0] > 0 || removed[1] > 0) {
      LOG.debugf("expired %d entries, trimmed %d bundles", removed[0], removed[1]);
    }
  }
}
