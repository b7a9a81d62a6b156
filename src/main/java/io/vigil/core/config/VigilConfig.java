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

    /**
     * WebSocket endpoints ({@code ws://} or {@code wss://}) that push new heads ({@code
     * eth_subscribe} to {@code newHeads}), tried in order: a pushed head wakes the chain follower
     * at once instead of after its poll interval. Only a wake-up: blocks and logs are still read
     * over {@code rpc-urls}. Unset: the follower polls, as without push.
     */
    Optional<List<String>> wsUrls();

    /**
     * A head subscription that delivers no head for this long is taken as stalled: it is closed and
     * made again (with backoff), the follower polling meanwhile. About three block times.
     */
    @WithDefault("36s")
    Duration headStallTimeout();

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
     * Largest block range asked of eth_getLogs in one call: 10,000 by default, the block cap many
     * providers set (others cap the answer at 10,000 logs, or ask for fewer blocks). Halved
     * automatically (down to one block) while a provider refuses the size, and grown back after a
     * run of successes.
     */
    @WithDefault("10000")
    int maxLogRange();
  }
}
