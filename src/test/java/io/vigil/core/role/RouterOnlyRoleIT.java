package io.vigil.core.role;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(RoleGating.RouterOnly.class)
class RouterOnlyRoleIT extends RoleGating {

  @Test
  void shouldHideWatcherEndpointsConsumersAndJobsWhenWatcherIsOff() throws Exception {
    assertOnlyActiveRoleRuns(true);
  }
}
