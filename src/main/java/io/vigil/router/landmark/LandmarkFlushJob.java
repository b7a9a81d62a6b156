package io.vigil.router.landmark;

import io.vigil.core.concurrent.PeriodicJob;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;

/** Ends a landmark window every {@code vigil.landmark.window} while the router role runs. */
@ApplicationScoped
public class LandmarkFlushJob implements PeriodicJob.Owner {

  private final PeriodicJob job;

  public LandmarkFlushJob(LandmarkWindows windows, LandmarkConfig config) {
    Duration window = config.window();
    this.job = new PeriodicJob("router.landmark-flush", window, window, () -> windows.run());
  }

  @Override
  public List<PeriodicJob> periodicJobs() {
    return List.of(job);
  }
}
