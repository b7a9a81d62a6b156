package io.vigil.bench;

import io.vigil.watcher.WatchtowerProfile;
import java.util.HashMap;
import java.util.Map;

/** The watchtower profile with client limits out of the way and a fast head poll. */
public class WatchtowerBenchProfile extends WatchtowerProfile {

  @Override
  public Map<String, String> getConfigOverrides() {
    Map<String, String> config = new HashMap<>(super.getConfigOverrides());
    config.put("vigil.watcher.max-channels-per-client", "10000000");
    config.put("vigil.watcher.rate-per-second", "1000000");
    config.put("vigil.watcher.rate-burst", "1000000");
    config.put("vigil.watcher.max-pending-states", "10000000");
    config.put("vigil.chain.monitor.poll-interval", "20ms");
    config.put("quarkus.log.category.\"io.vigil\".level", "WARN");
    return config;
  }
}
