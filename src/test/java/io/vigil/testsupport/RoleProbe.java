package io.vigil.testsupport;

import io.vigil.core.concurrent.PeriodicJob;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every test-only role probe counts: the Kafka messages it consumed and the rounds its
 * periodic job ran. A subclass lives in its role's package, so that role gating sees it as owned by
 * that role, and declares its own endpoint and incoming channel.
 */
public abstract class RoleProbe implements PeriodicJob.Owner {

  private final String jobName;
  private final AtomicInteger consumed = new AtomicInteger();
  private final AtomicInteger ticks = new AtomicInteger();

  /**
   * @param jobName the periodic job's name, {@code <role>.<job>}, which ties the job to the role
   */
  protected RoleProbe(String jobName) {
    this.jobName = jobName;
  }

  /** Counts one consumed message; the subclass's incoming channel calls it. */
  protected void countConsumed() {
    consumed.incrementAndGet();
  }

  @Override
  public List<PeriodicJob> periodicJobs() {
    return List.of(PeriodicJob.every(jobName, Duration.ofMillis(100), ticks::incrementAndGet));
  }

  public int consumed() {
    return consumed.get();
  }

  public int ticks() {
    return ticks.get();
  }
}
