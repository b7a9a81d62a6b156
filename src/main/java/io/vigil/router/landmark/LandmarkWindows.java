package io.vigil.router.landmark;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.core.concurrent.PeriodicJob;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Ends landmark windows, one at a time: announces the window's changes, then delivers what is
 * queued for other servers. Its periodic job calls {@link #run()} every {@code
 * vigil.landmark.window} while the router role runs; tests and operators call it to end a window at
 * once.
 */
@ApplicationScoped
public class LandmarkWindows implements PeriodicJob.Owner {

  private final LandmarkService service;
  private final RemoteCourier courier;
  private final Clock clock;
  private final PeriodicJob job;
  private final ReentrantLock lock = new ReentrantLock();
  private final AtomicLong pendingUsers = new AtomicLong();
  private final AtomicLong queuedMessages = new AtomicLong();
  private final AtomicLong lastWindowEnd = new AtomicLong();
  private final Counter windows;
  private final Counter localMessages;
  private final Counter remoteMessages;
  private final Counter entries;

  public LandmarkWindows(
      LandmarkService service,
      RemoteCourier courier,
      Clock clock,
      MeterRegistry registry,
      LandmarkConfig config) {
    this.service = service;
    this.courier = courier;
    this.clock = clock;
    this.windows = registry.counter("vigil_landmark_windows_total");
    this.localMessages =
        registry.counter("vigil_landmark_messages_sent_total", "delivery", "local");
    this.remoteMessages =
        registry.counter("vigil_landmark_messages_sent_total", "delivery", "remote");
    this.entries = registry.counter("vigil_landmark_entries_sent_total");
    Gauge.builder("vigil_landmark_pending_users", pendingUsers, AtomicLong::get)
        .description("Hosted users with changes to announce in the next window")
        .register(registry);
    Gauge.builder("vigil_landmark_outbox_messages", queuedMessages, AtomicLong::get)
        .description("ROUTING messages waiting for delivery to other servers")
        .register(registry);
    Gauge.builder("vigil_landmark_last_window_end_seconds", lastWindowEnd, AtomicLong::get)
        .description("When the last window ended (epoch seconds); stale means the loop stopped")
        .register(registry);
    Duration window = config.window();
    this.job = new PeriodicJob("router.landmark-flush", window, window, this::run);
  }

  /** One job that ends a window every window, the first one window after start. */
  @Override
  public List<PeriodicJob> periodicJobs() {
    return List.of(job);
  }

  /** Ends the current window and delivers queued remote messages. */
  public Result run() {
    lock.lock();
    try {
      LandmarkExchange.Window window = service.flush();
      int delivered = courier.deliverQueued();
      LandmarkService.Backlog backlog = service.backlog();
      windows.increment();
      localMessages.increment(window.localMessages());
      remoteMessages.increment(window.remoteMessages());
      entries.increment(window.entries());
      pendingUsers.set(backlog.pendingUsers());
      queuedMessages.set(backlog.queuedMessages());
      lastWindowEnd.set(clock.instant().getEpochSecond());
      return new Result(window, delivered, backlog);
    } finally {
      lock.unlock();
    }
  }

  /**
   * What one window did.
   *
   * @param window the messages and entries it sent
   * @param delivered queued messages delivered to other servers
   * @param backlog work left for later windows
   */
  public record Result(
      LandmarkExchange.Window window, int delivered, LandmarkService.Backlog backlog) {}
}
