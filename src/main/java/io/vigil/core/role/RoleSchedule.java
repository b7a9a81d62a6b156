package io.vigil.core.role;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Skips scheduled jobs of roles this process does not run. Every role's {@code @Scheduled} job
 * names it in {@code skipExecutionIf} and has an identity that starts with its role id and a dot
 * (for example {@code watcher.expire-pending}).
 *
 * <p>It also skips every job until the application has started (after every other startup observer,
 * so Kafka channels are connected) and from the moment it begins to shut down: a job that ran in
 * between found its emitters not connected yet, or already closed.
 */
@Singleton
public class RoleSchedule implements Scheduled.SkipPredicate {

  private final ActiveRoles roles;
  private volatile boolean running;

  public RoleSchedule(ActiveRoles roles) {
    this.roles = roles;
  }

  void started(@Observes @Priority(Integer.MAX_VALUE) StartupEvent event) {
    running = true;
  }

  void stopping(@Observes @Priority(Integer.MIN_VALUE) ShutdownEvent event) {
    running = false;
  }

  @Override
  public boolean test(ScheduledExecution execution) {
    return !running || !runs(execution.getTrigger().getId());
  }

  /** True when the job with this identity belongs to core or to an active role. */
  public boolean runs(String identity) {
    int dot = identity.indexOf('.');
    if (dot < 0) {
      return true;
    }
    return Role.fromId(identity.substring(0, dot)).map(roles::isActive).orElse(true);
  }
}
