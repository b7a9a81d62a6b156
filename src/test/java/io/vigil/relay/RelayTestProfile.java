package io.vigil.relay;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.vigil.testsupport.TestInfrastructure;
import java.util.Map;

/** The relay tests' application: a hub deployed on the shared anvil, quick bumps. */
public class RelayTestProfile implements QuarkusTestProfile {

  /**
   * The relay tests' post key: a key of their own (not one of anvil's development accounts, which
   * the tests use as dispute keys and channel parties), funded when the hub is deployed.
   */
  public static final String POST_KEY =
      "0x5f1c3e6a9b8d7f2e4a6c8e0b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f";

  /** The hub of the relay tests, deployed once per JVM (whatever the class loader). */
  public static String hub() {
    TestInfrastructure infrastructure = TestInfrastructure.get();
    return infrastructure.shared(
        "relay-hub",
        () -> {
          RelayTestChain chain = new RelayTestChain(infrastructure.anvil());
          chain.fund(POST_KEY, RelayTestChain.ETHER.multiply(java.math.BigInteger.valueOf(100)));
          return chain.deployHub();
        });
  }

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "vigil.chain.hub-address",
        hub(),
        "vigil.relay.post-keys",
        POST_KEY,
        "vigil.relay.fees.bump-after",
        "2s",
        "vigil.relay.reserve.check-interval",
        "1s",
        // Far above what the development keys hold, so the reserve warning shows.
        "vigil.relay.reserve.disputes",
        "1000000000");
  }
}
