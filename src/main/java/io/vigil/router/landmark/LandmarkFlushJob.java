package io.vigil.router.landmark;

import io.vigil.core.concurrent.PeriodicJob;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Ends a landmark window every {@code vigil.landmark.window} while the router role runs. */
@ApplicationScoped
public class LandmarkFlushJob implements PeriodicJob.Owner {

  private final LandmarkWindows windows;
  private final LandmarkConfig config;

  public LandmarkFlushJob(LandmarkWindows windows, LandmarkConfig config) {
    this.windows = windows;
    this.config = config;
  }

  @Override
  public List<PeriodicJob> periodicJobs() {
    return List.of(
        new PeriodicJob(
            "router.landmark-flush", config.window(), config.window(), this::endWindow));
  }

  void endWindow() {
    windows.run();
  }
}
