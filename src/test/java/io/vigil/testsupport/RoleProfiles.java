package io.vigil.testsupport;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Test applications that run one role only ({@code vigil.roles}); the others' loops stay off. */
public final class RoleProfiles {

  private RoleProfiles() {}

  /** The router role alone: no chain monitor, no watcher, no relay carrier. */
  public static class RouterOnly implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("vigil.roles", "router");
    }
  }

  /** The watcher role alone. */
  public static class WatcherOnly implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("vigil.roles", "watcher");
    }
  }
}
