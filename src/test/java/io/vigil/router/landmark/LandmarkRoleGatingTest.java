package io.vigil.router.landmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.core.concurrent.PeriodicJob;
import io.vigil.core.role.Role;
import io.vigil.core.role.RoleChannels;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Landmark routing belongs to the router role: its endpoints, its window job and (by name) any
 * incoming channel are gated by the role checks in core.
 */
class LandmarkRoleGatingTest {

  @Test
  void shouldBelongToTheRouterRoleWhenGatingLooksAtItsClasses() {
    assertThat(Role.owning(LandmarkResource.class)).contains(Role.ROUTER);
    assertThat(Role.owning(LandmarkRoutingResource.class)).contains(Role.ROUTER);
    assertThat(Role.owning(LandmarkWindows.class)).contains(Role.ROUTER);
  }

  @Test
  void shouldSkipTheWindowJobWhenTheRouterRoleIsOff() {
    Duration window = Duration.ofMinutes(10);
    LandmarkConfig config =
        (LandmarkConfig)
            Proxy.newProxyInstance(
                LandmarkConfig.class.getClassLoader(),
                new Class<?>[] {LandmarkConfig.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("window")) {
                    return window;
                  }
                  throw new UnsupportedOperationException(method.getName());
                });

    List<PeriodicJob> jobs =
        new LandmarkWindows(null, null, null, new SimpleMeterRegistry(), config).periodicJobs();

    assertThat(jobs).hasSize(1);
    PeriodicJob job = jobs.get(0);
    assertThat(job.name()).isEqualTo("router.landmark-flush");
    assertThat(job.role()).contains(Role.ROUTER);
    assertThat(RoleChannels.owner(job.name().replace('.', '-'))).contains(Role.ROUTER);
    assertThat(job.every()).isEqualTo(window);
    assertThat(job.delay()).isEqualTo(window);
  }
}
