package io.vigil.watcher;

import java.util.HashMap;
import java.util.Map;

/**
 * The watchtower profile with the production watch policy (the defaults of {@code
 * vigil.watcher.policy}, written out because the test profile relaxes them) and a fast pricing
 * check.
 */
public class WatchPolicyProfile extends WatchtowerProfile {

  static final String MIN_VALUE_AT_STAKE = "150000000000000000";

  @Override
  public Map<String, String> getConfigOverrides() {
    Map<String, String> config = new HashMap<>(super.getConfigOverrides());
    config.put("vigil.watcher.policy.min-challenge-period", "1h");
    config.put("vigil.watcher.policy.min-value-at-stake", MIN_VALUE_AT_STAKE);
    config.put("vigil.watcher.policy.dispute-gas", "150000");
    config.put("vigil.watcher.policy.price-margin", "2");
    config.put("vigil.watcher.policy.price-check-interval", "200ms");
    config.put("vigil.watcher.max-channels-per-client", "100");
    return config;
  }
}
