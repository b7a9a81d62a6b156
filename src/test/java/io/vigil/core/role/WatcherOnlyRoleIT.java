package io.vigil.core.role;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(RoleGating.WatcherOnly.class)
class WatcherOnlyRoleIT extends RoleGating {

  @Test
  void shouldHideRouterEndpointsConsumersAndJobsWhenRouterIsOff() throws Exception {
    assertOnlyActiveRoleRuns(false);
  }
}
