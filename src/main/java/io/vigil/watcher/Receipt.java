package io.vigil.watcher;

/**
 * Proof that Vigil accepted a state: an EIP-712 {@code DelegationReceipt(bytes32 channelId,uint64
 * nonce,uint64 acceptedAtBlock)} signed by Vigil's receipt key, under the domain {@code
 * VigilWatchtower}, version 1, this chain id and the hub address.
 *
 * @param signer address of the receipt key
 * @param signature 65-byte signature (0x hex)
 */
public record Receipt(
    String channelId, long nonce, long acceptedAtBlock, String signer, String signature) {}
