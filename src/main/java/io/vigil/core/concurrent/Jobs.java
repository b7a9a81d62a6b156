package io.vigil.core.concurrent;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vigil.core.role.ActiveRoles;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs every {@link PeriodicJob} of every {@link PeriodicJob.Owner} bean on its own {@link
 * WorkerLoop}, for core and the active roles only: a role that is off runs none of its jobs, and
 * its owner beans (in {@code io.vigil.<role>}) are not even created, so none needs the channels or
 * settings of a role that is off.
 *
 * <p>Invariant: no job runs before the application has started (after every other startup observer,
 * so Kafka channels are connected) nor once it begins to shut down, when its emitters are closing.
 * Rounds of one job never overlap; a failed round waits by a backoff from the job's interval.
 */
@Singleton
public class Jobs {

  private static final Logger LOG = Logger.getLogger(Jobs.class);
  private static final int BACKOFF_FACTOR = 5;

  private final Supplier<Iterable<PeriodicJob.Owner>> owners;
  private final ActiveRoles roles;
  private final WorkerLoops loops;
  private final RoundContext context;
  private final List<WorkerLoop> started = new ArrayList<>();
  private boolean begun;

  @Inject
  public Jobs(
      @Any Instance<PeriodicJob.Owner> owners,
      ActiveRoles roles,
      WorkerLoops loops,
      RoundContext context) {
    this(() -> ofActiveRoles(owners, roles), roles, loops, context);
  }

  Jobs(
      Supplier<Iterable<PeriodicJob.Owner>> owners,
      ActiveRoles roles,
      WorkerLoops loops,
      RoundContext context) {
    this.owners = owners;
    this.roles = roles;
    this.loops = loops;
    this.context = context;
  }

  void onStart(@Observes @Priority(Integer.MAX_VALUE) StartupEvent event) {
    start();
  }

  void onStop(@Observes @Priority(Integer.MIN_VALUE) ShutdownEvent event) {
    stop();
  }

  /** Starts a loop per job of core and of the active roles; a second call starts nothing. */
  synchronized void start() {
    if (begun) {
      return;
    }
    begun = true;
    for (PeriodicJob.Owner owner : owners.get()) {
      for (PeriodicJob job : owner.periodicJobs()) {
        if (job.role().map(roles::isActive).orElse(true)) {
          WorkerLoop loop =
              loops.create(
                  job.name(), round(job, context), Backoff.upTo(job.every(), BACKOFF_FACTOR));
          started.add(loop);
          loop.start();
        } else {
          LOG.debugf("%s: not run, its role is off", job.name());
        }
      }
    }
  }

  /** Stops every started loop, each after its current round. */
  synchronized void stop() {
    started.forEach(WorkerLoop::stop);
  }

  /** The loops started, one per job that runs. */
  synchronized List<WorkerLoop> loops() {
    return List.copyOf(started);
  }

  /** The owner beans of core and of the active roles, created now; the others are left alone. */
  private static Iterable<PeriodicJob.Owner> ofActiveRoles(
      Instance<PeriodicJob.Owner> owners, ActiveRoles roles) {
    List<PeriodicJob.Owner> active = new ArrayList<>();
    for (Instance.Handle<PeriodicJob.Owner> handle : owners.handles()) {
      if (roles.allows(handle.getBean().getBeanClass())) {
        active.add(handle.get());
      }
    }
    return active;
  }

  /**
   * The loop's round for a job: the first call only waits out the job's delay (when it has one);
   * every other call runs the job in a request context and waits its interval.
   */
  static WorkerLoop.Round round(PeriodicJob job, RoundContext context) {
    AtomicBoolean delayed = new AtomicBoolean(job.delay().isZero());
    return () -> {
      if (!delayed.getAndSet(true)) {
        return job.delay();
      }
      context.run(job.round());
      return job.every();
    };
  }
}
