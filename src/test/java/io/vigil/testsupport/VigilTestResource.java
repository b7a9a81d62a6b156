package io.vigil.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points every {@code @QuarkusTest} at the shared real infrastructure. The infrastructure outlives
 * single tests and application restarts; it stops with the JVM.
 */
public class VigilTestResource implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    return TestInfrastructure.get().vigilConfig();
  }

  @Override
  public void stop() {
    // Shared across test classes and profiles; stopped by TestInfrastructure's shutdown hook.
  }
}
