package io.vigil.watcher;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.vigil.testsupport.HubFixture;
import io.vigil.testsupport.TestInfrastructure;
import java.util.Map;

/**
 * Every role in one application, watching a hub deployed on the shared anvil before the application
 * starts (the chain follower starts at the deployment block).
 */
public class WatchtowerProfile implements QuarkusTestProfile {

  /** The hub of this profile, deployed once per JVM (whatever the class loader). */
  public static String hub() {
    TestInfrastructure infrastructure = TestInfrastructure.get();
    return infrastructure.shared(
        "watchtower-hub",
        () -> {
          try (HubFixture driver = HubFixture.deploy(infrastructure.anvil())) {
            return driver.hub().hex();
          }
        });
  }

  @Override
  public Map<String, String> getConfigOverrides() {
    String hub = hub();
    long block = currentBlock();
    return Map.of(
        "vigil.chain.hub-address", hub,
        "vigil.chain.monitor.start-block", String.valueOf(block),
        "vigil.watcher.max-channels-per-client", "3",
        "vigil.watcher.rate-per-second", "1",
        "vigil.watcher.rate-burst", "10");
  }

  /** The same application with a funded post key, so the relay's state posts are on. */
  public static class WithPostKey extends WatchtowerProfile {

    /** A key of its own, not one of anvil's development accounts. */
    static final String POST_KEY =
        "0x3a7c5e9b1d2f4a6c8e0b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f1a3c";

    @Override
    public Map<String, String> getConfigOverrides() {
      Map<String, String> config = new java.util.HashMap<>(super.getConfigOverrides());
      String address = HubFixture.address(POST_KEY);
      TestInfrastructure.get()
          .anvil()
          .rpc("anvil_setBalance", "[\"" + address + "\", \"0x56bc75e2d63100000\"]");
      config.put("vigil.relay.post-keys", POST_KEY);
      return config;
    }
  }

  private static long currentBlock() {
    String answer = TestInfrastructure.get().anvil().rpc("eth_blockNumber", "[]");
    String hex = answer.replaceAll(".*\"result\":\"0x([0-9a-fA-F]+)\".*", "$1");
    return Long.parseLong(hex.trim(), 16);
  }
}
