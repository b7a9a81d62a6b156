package io.vigil.testsupport;

import io.quarkus.test.common.QuarkusTestResource;

/**
 * Registers {@link VigilTestResource} for every {@code @QuarkusTest} of the module (a test resource
 * declared on any class applies to all tests unless restricted).
 */
@QuarkusTestResource(VigilTestResource.class)
public final class WithVigilInfrastructure {

  private WithVigilInfrastructure() {}
}
