package io.vigil.router.reactive;

import java.math.BigDecimal;

/**
 * A routing message queued for one server neighbour.
 *
 * @param to the neighbour's address
 * @param hash payment hash
 * @param amount what the neighbour must send us, in that link's unit
 * @param ttl hops the message may still travel after the neighbour
 */
public record Forward(String to, String hash, BigDecimal amount, int ttl) {}
