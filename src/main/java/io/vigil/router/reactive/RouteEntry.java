package io.vigil.router.reactive;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * This server's routing table entry for one payment hash.
 *
 * @param hash payment hash
 * @param amount what someone must send this server, in its home unit, this server's fee included
 * @param payAmount what this server pays the next hop, in the next hop link's unit; this much of
 *     our side of that link is reserved until {@code reservedUntil}
 * @param nextHop address of the neighbour that offered the route
 * @param ttl hops left when the message arrived
 * @param expiresAt when the entry stops being used
 * @param reservedUntil when the liquidity reservation lapses
 */
public record RouteEntry(
    String hash,
    BigDecimal amount,
    BigDecimal payAmount,
    String nextHop,
    int ttl,
    Instant expiresAt,
    Instant reservedUntil) {

  public boolean liveAt(Instant now) {
    return expiresAt.isAfter(now);
  }

  public boolean reservedAt(Instant now) {
    return reservedUntil.isAfter(now);
  }
}
