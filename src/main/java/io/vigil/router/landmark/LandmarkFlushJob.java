package io.vigil.router.landmark;

import io.quarkus.scheduler.Scheduled;
import io.vigil.core.role.RoleSchedule;
import jakarta.enterprise.context.ApplicationScoped;

/** Ends a landmark window every {@code vigil.landmark.window} while the router role runs. */
@ApplicationScoped
public class LandmarkFlushJob {

  private final LandmarkWindows windows;

  public LandmarkFlushJob(LandmarkWindows windows) {
    this.windows = windows;
  }

  @Scheduled(
      identity = "router.landmark-flush",
      every = "${vigil.landmark.window}",
      delayed = "${vigil.landmark.window}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = RoleSchedule.class)
  void endWindow() {
    windows.run();
  }
}
