package io.vigil.core.protocol;

/**
 * A routing message inside a bundle, addressed to one server neighbour (amounts differ per
 * neighbour, because each link has its own unit and liquidity).
 *
 * @param to the neighbour's address
 * @param hash payment hash
 * @param amount decimal text, in the unit of the link to {@code to}
 * @param ttl hops left after {@code to}
 */
public record BundleMessage(String to, String hash, String amount, int ttl) {}
