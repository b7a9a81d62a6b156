package io.vigil.relay.api;

/**
 * A client-signed transaction to relay.
 *
 * @param raw the signed transaction, 0x hex (EIP-1559 or EIP-155 legacy)
 * @param from optional: the address the client expects the signature to recover to
 */
public record RawSubmission(String raw, String from) {}
