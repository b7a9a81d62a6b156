package io.vigil.core.concurrent;

import io.vigil.core.role.Role;
import java.time.Duration;
import java.util.Optional;

/**
 * One background job that {@link Jobs} runs on its own {@link WorkerLoop}: {@code round} every
 * {@code every}, the first one {@code delay} after start. The name is the loop's name and says who
 * owns the job: {@code <role>.<job>} (for example {@code watcher.outbox}) belongs to that role and
 * runs only while it is active; any other name belongs to core and always runs.
 */
public record PeriodicJob(String name, Duration every, Duration delay, Runnable round) {

  public PeriodicJob {
    if (every.isNegative() || every.isZero() || delay.isNegative()) {
      throw new IllegalArgumentException(name + ": needs every > 0 and delay >= 0");
    }
  }

  /** A job whose first round runs at start. */
  public static PeriodicJob every(String name, Duration every, Runnable round) {
    return new PeriodicJob(name, every, Duration.ZERO, round);
  }

  /** The role named by the name's first dot-separated word; empty for core. */
  public Optional<Role> role() {
    int dot = name.indexOf('.');
    return dot < 0 ? Optional.empty() : Role.fromId(name.substring(0, dot));
  }

  /** A bean that has periodic jobs; {@link Jobs} finds every such bean and runs its jobs. */
  public interface Owner {
    Iterable<PeriodicJob> periodicJobs();
  }
}
