package io.vigil.router.landmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.scheduler.Scheduled;
import io.vigil.core.role.Role;
import io.vigil.core.role.RoleChannels;
import io.vigil.core.role.RoleSchedule;
import java.util.Arrays;
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
    assertThat(Role.owning(LandmarkFlushJob.class)).contains(Role.ROUTER);
  }

  @Test
  void shouldSkipTheWindowJobWhenTheRouterRoleIsOff() throws Exception {
    Scheduled scheduled =
        LandmarkFlushJob.class.getDeclaredMethod("endWindow").getAnnotation(Scheduled.class);

    assertThat(scheduled.identity()).isEqualTo("router.landmark-flush");
    assertThat(scheduled.skipExecutionIf()).isEqualTo(RoleSchedule.class);
    assertThat(RoleChannels.owner(scheduled.identity().replace('.', '-'))).contains(Role.ROUTER);
    assertThat(
            Arrays.stream(LandmarkFlushJob.class.getDeclaredMethods())
                .filter(method -> method.isAnnotationPresent(Scheduled.class))
                .count())
        .isEqualTo(1);
  }
}
