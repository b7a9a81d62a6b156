package io.vigil.router.reactive;

import java.math.BigDecimal;

/**
 * A routing message as one neighbour hands it to the next: "send me {@code amount} (in our link's
 * unit) and I will get the payment locked by {@code hash} to its recipient".
 *
 * @param hash the payment hash, {@code 0x} and 64 lower-case hex digits
 * @param amount what the sender of the message must receive, in the link's unit
 * @param ttl hops the message may still travel; a message with ttl 0 is recorded, not forwarded
 */
public record RoutingMessage(String hash, BigDecimal amount, int ttl) {

  public static RoutingMessage of(String hash, String amount, int ttl) {
    return new RoutingMessage(hash, new BigDecimal(amount), ttl);
  }
}
