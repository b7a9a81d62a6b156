package io.vigil.router.landmark;

import io.vigil.core.concurrent.PeriodicJob;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;

/** Ends a landmark window every {@code vigil.landmark.window} while the router role runs. */
@ApplicationScoped
public class LandmarkFlushJob implements PeriodicJob.Owner {

  private final LandmarkWindows windows;
  private final Duration window;

  public LandmarkFlushJob(LandmarkWindows windows, LandmarkConfig config) {
    this.windows = windows;
    this.window = config.window();
  }

  @Override
  public List<PeriodicJob> periodicJobs() {
    return List.of(new PeriodicJob("router.landmark-flush", window, window, this::endWindow));
  }

  void endWindow() {
    windows.run();
  }
}
