package io.vigil.core.role;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vigil.testsupport.RoleProfiles;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(RoleProfiles.RouterOnly.class)
class RouterOnlyRoleIT extends RoleGating {

  @Test
  void shouldHideWatcherEndpointsConsumersAndJobsWhenWatcherIsOff() throws Exception {
    assertOnlyActiveRoleRuns(true);
  }
}
