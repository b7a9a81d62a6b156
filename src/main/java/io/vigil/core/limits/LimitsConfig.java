package io.vigil.core.limits;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the shared rate limits' table ({@code vigil.limits}), for every role. */
@ConfigMapping(prefix = "vigil.limits")
public interface LimitsConfig {

  /** How often buckets that are full again (idle) are deleted from {@code rate_bucket}. */
  @WithDefault("1m")
  Duration pruneInterval();

  /** Most buckets one pruning statement deletes; the job repeats until fewer are left. */
  @WithDefault("10000")
  int pruneBatch();
}
