package io.vigil.bench;

import io.vigil.testsupport.ProfileConfig;
import io.vigil.watcher.WatchtowerProfile;
import java.util.Map;

/** The watchtower profile with client limits out of the way and a fast head poll. */
public class WatchtowerBenchProfile extends WatchtowerProfile {

  @Override
  public Map<String, String> getConfigOverrides() {
    return ProfileConfig.extend(
        super.getConfigOverrides(),
        """
        vigil.watcher.max-channels-per-client=10000000
        vigil.watcher.rate-per-second=1000000
        vigil.watcher.rate-burst=1000000
        vigil.watcher.max-pending-states=10000000
        vigil.chain.monitor.poll-interval=20ms
        quarkus.log.category."io.vigil".level=WARN
        """);
  }
}
