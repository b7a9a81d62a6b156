package io.vigil.relay;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.vigil.testsupport.TestInfrastructure;
import java.util.Map;

/** The relay tests' application: a hub deployed on the shared anvil, quick bumps. */
public class RelayTestProfile implements QuarkusTestProfile {

  /** The hub of the relay tests, deployed once per JVM (whatever the class loader). */
  public static String hub() {
    TestInfrastructure infrastructure = TestInfrastructure.get();
    return infrastructure.shared(
        "relay-hub", () -> new RelayTestChain(infrastructure.anvil()).deployHub());
  }

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "vigil.chain.hub-address",
        hub(),
        "vigil.relay.fees.bump-after",
        "2s",
        "vigil.relay.reserve.check-interval",
        "1s",
        // Far above what the development keys hold, so the reserve warning shows.
        "vigil.relay.reserve.disputes",
        "1000000000");
  }
}
