package io.vigil.router.reactive;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * The state the routing rules read and write for one server identity: its entries, the liquidity
 * they reserve and the queue of messages for server neighbours. Production keeps it in PostgreSQL;
 * the unit tests and the propagation simulation keep it in memory. Callers that need atomicity run
 * a whole {@link RoutingStep} inside one transaction.
 */
public interface RoutingTable {

  /** This server's entry for the hash, live or not. */
  Optional<RouteEntry> entry(String hash);

  /** Liquidity of our side of the link to {@code nextHop} reserved by live routes through it. */
  BigDecimal reserved(String nextHop, Instant now);

  /** Records the entry for its hash, replacing any previous one. */
  void put(RouteEntry entry, Instant now);

  /**
   * Queues a message for a server neighbour; a newer offer for the same neighbour and hash
   * supersedes the queued one and keeps its place in the queue.
   */
  void enqueue(Forward forward, Instant now);
}
