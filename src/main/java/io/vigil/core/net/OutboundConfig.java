package io.vigil.core.net;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Limits of the calls Vigil makes to servers that others name (peers, contacts' servers). */
@ConfigMapping(prefix = "vigil.outbound")
public interface OutboundConfig {

  /**
   * Destinations called even though they are not public: address ranges ({@code 10.1.0.0/16},
   * {@code fd00::/8}), single addresses, or host names (matched exactly, before any lookup). Unset:
   * only public addresses are called.
   */
  Optional<List<String>> allow();

  /** Largest answer body read from a destination; a larger one is cut off and counted. */
  @WithDefault("4M")
  MemorySize maxBodyBytes();

  /**
   * Longest time one call may take, from connecting to the last byte of the answer. A caller's own
   * shorter timeout (vigil.router.request-timeout, vigil.landmark.delivery-timeout) applies first.
   */
  @WithDefault("10s")
  Duration timeout();
}
