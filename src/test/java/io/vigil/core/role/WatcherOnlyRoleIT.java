package io.vigil.core.role;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vigil.testsupport.RoleProfiles;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(RoleProfiles.WatcherOnly.class)
class WatcherOnlyRoleIT extends RoleGating {

  @Test
  void shouldHideRouterEndpointsConsumersAndJobsWhenRouterIsOff() throws Exception {
    assertOnlyActiveRoleRuns(false);
  }
}
