package io.vigil.core.concurrent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Runs one background job on its own named thread: a round, then a wait that {@link #wake()} cuts
 * short, for as long as it is started. A round that throws is handed to the failure handler and the
 * next one waits by the {@link Backoff}; the loop itself never dies of a round's exception.
 *
 * <p>Invariant: rounds never overlap (one thread runs them all), so a job may keep state between
 * rounds without locking. Created by {@link WorkerLoops}, which also publishes its metrics.
 */
public final class WorkerLoop {

  private static final Logger LOG = Logger.getLogger(WorkerLoop.class);
  private static final Duration STOP_WAIT = Duration.ofSeconds(5);

  /** One round of the job; answers how long to wait before the next one (zero: at once). */
  @FunctionalInterface
  public interface Round {
    Duration run();
  }

  /**
   * What a loop runs: its thread's name, its round, the wait after failures, and who hears of a
   * failed round (to log and count it by kind).
   */
  public record Job(
      String name, Round round, Backoff backoff, Consumer<RuntimeException> onFailure) {}

  private final Job job;
  private final Clock clock;
  private final Instant created;
  private final BlockingQueue<Boolean> wakeups = new ArrayBlockingQueue<>(1);
  private final AtomicLong rounds = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicInteger failuresInARow = new AtomicInteger();
  private final AtomicReference<Instant> lastSuccess = new AtomicReference<>();
  private volatile boolean running;
  private Thread thread;

  WorkerLoop(Job job, Clock clock) {
    this.job = job;
    this.clock = clock;
    this.created = clock.instant();
  }

  /** The thread's name, also the {@code loop} tag of its metrics. */
  public String name() {
    return job.name();
  }

  /** Starts the thread; a started loop is not started again. */
  public synchronized void start() {
    if (thread != null) {
      return;
    }
    running = true;
    thread = new Thread(this::run, job.name());
    thread.setDaemon(true);
    thread.start();
  }

  /** Stops after the current round (waiting for it a few seconds); a no-op when never started. */
  public synchronized void stop() {
    running = false;
    if (thread == null) {
      return;
    }
    wake();
    try {
      thread.join(STOP_WAIT.toMillis());
      if (thread.isAlive()) {
        thread.interrupt();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Asks for a round now; cheap and safe from any thread. */
  public void wake() {
    wakeups.offer(Boolean.TRUE);
  }

  /** True while started and its thread is alive. */
  public boolean running() {
    Thread current = thread;
    return running && current != null && current.isAlive();
  }

  /** When the last round succeeded; empty before the first. */
  public Optional<Instant> lastSuccess() {
    return Optional.ofNullable(lastSuccess.get());
  }

  /** Time since the last successful round, or since the loop was created before the first one. */
  public Duration sinceLastSuccess() {
    return Duration.between(lastSuccess().orElse(created), clock.instant());
  }

  public long rounds() {
    return rounds.get();
  }

  public long failures() {
    return failures.get();
  }

  /** Failed rounds since the last success. */
  public int failuresInARow() {
    return failuresInARow.get();
  }

  /** Runs one round and books it; answers the wait before the next. Package-private for tests. */
  Duration runOnce() {
    rounds.incrementAndGet();
    try {
      Duration wait = job.round().run();
      lastSuccess.set(clock.instant());
      failuresInARow.set(0);
      return wait;
    } catch (RuntimeException failure) {
      failures.incrementAndGet();
      try {
        job.onFailure().accept(failure);
      } catch (RuntimeException handler) {
        LOG.errorf(handler, "%s: the failure handler failed", job.name());
      }
      return job.backoff().after(failuresInARow.incrementAndGet());
    }
  }

  private void run() {
    while (running) {
      Duration wait = runOnce();
      if (!running) {
        return;
      }
      try {
        wakeups.poll(Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
