package io.vigil.chain;

import io.vigil.core.role.ActiveRoles;
import io.vigil.core.role.Role;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the chain follower: the active follower is ready while its rounds succeed; a standby
 * is ready (it is waiting by design); a process without the chain role is not concerned. How heads
 * arrive (push or poll) is reported but never makes it DOWN: polling alone still follows the chain.
 */
@Readiness
@ApplicationScoped
public class ChainMonitorHealth implements HealthCheck {

  private static final long STALE_MILLIS = 60_000;

  private final ChainMonitor monitor;
  private final boolean chainRole;

  public ChainMonitorHealth(ChainMonitor monitor, ActiveRoles roles) {
    this.monitor = monitor;
    this.chainRole = roles.isActive(Role.CHAIN);
  }

  @Override
  public HealthCheckResponse call() {
    var response = HealthCheckResponse.named("chain-follower");
    if (!chainRole) {
      return response.up().withData("role", "off").build();
    }
    if (!monitor.isActive()) {
      return response.up().withData("follower", "standby").build();
    }
    long since = monitor.sinceLastSuccessMillis();
    response
        .withData("follower", "active")
        .withData("processedBlock", monitor.processedBlock())
        .withData("heads", monitor.headMode().label());
    return since >= 0 && since < STALE_MILLIS
        ? response.up().build()
        : response.down().withData("lastSuccessMillisAgo", since).build();
  }
}
