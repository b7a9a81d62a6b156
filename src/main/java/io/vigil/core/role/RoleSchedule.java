package io.vigil.core.role;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.inject.Singleton;

/**
 * Skips scheduled jobs of roles this process does not run. Every role's {@code @Scheduled} job
 * names it in {@code skipExecutionIf} and has an identity that starts with its role id and a dot
 * (for example {@code watcher.expire-pending}).
 */
@Singleton
public class RoleSchedule implements Scheduled.SkipPredicate {

  private final ActiveRoles roles;

  public RoleSchedule(ActiveRoles roles) {
    this.roles = roles;
  }

  @Override
  public boolean test(ScheduledExecution execution) {
    return !runs(execution.getTrigger().getId());
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
