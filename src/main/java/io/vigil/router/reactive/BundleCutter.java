package io.vigil.router.reactive;

import io.quarkus.scheduler.Scheduled;
import io.vigil.core.role.RoleSchedule;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Flushes the outgoing queue into a bundle every flush interval, and expires entries and trims old
 * bundles. Every replica may run these jobs; the core's advisory lock serialises them.
 */
@ApplicationScoped
public class BundleCutter {

  private static final Logger LOG = Logger.getLogger(BundleCutter.class);

  private final RoutingCore core;

  public BundleCutter(RoutingCore core) {
    this.core = core;
  }

  @Scheduled(
      identity = "router.flush",
      every = "${vigil.router.flush-interval:1s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = RoleSchedule.class)
  void flush() {
    core.cut();
  }

  @Scheduled(
      identity = "router.housekeeping",
      every = "${vigil.router.housekeeping-interval:10s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = RoleSchedule.class)
  void housekeeping() {
    int[] removed = core.housekeeping();
    if (removed[0] > 0 || removed[1] > 0) {
      LOG.debugf("expired %d entries, trimmed %d bundles", removed[0], removed[1]);
    }
  }
}
