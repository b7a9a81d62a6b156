package io.vigil.core.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings shared by every role. Role-specific settings live beside each role. */
@ConfigMapping(prefix = "vigil")
public interface VigilConfig {

  /** Roles this process runs: {@code all}, or a list of chain, watcher, relay, router. */
  @WithDefault("all")
  List<String> roles();

  /** Chain access shared by the chain, watcher and relay roles. */
  Chain chain();

  /** Settings of the Ethereum JSON-RPC connection. */
  interface Chain {

    /**
     * JSON-RPC endpoints, tried in order with fallback. Required when the chain, watcher or relay
     * role runs.
     */
    Optional<List<String>> rpcUrls();

    /** Chain id the endpoints must report; start-up fails on a mismatch. Unset: accept any. */
    Optional<Long> chainId();

    /** Address of the channel hub contract. Unset: the chain-facing roles have nothing to watch. */
    Optional<String> hubAddress();

    /** How often a pending transaction's receipt is polled. */
    @WithDefault("100ms")
    Duration receiptPollInterval();

    /** Time allowed for one JSON-RPC call before the next endpoint is tried. */
    @WithDefault("5s")
    Duration requestTimeout();

    /**
     * Largest block range asked of eth_getLogs in one call. Halved automatically (down to one
     * block) while a provider refuses the size, and grown back after a run of successes.
     */
    @WithDefault("2000")
    int maxLogRange();
  }
}
