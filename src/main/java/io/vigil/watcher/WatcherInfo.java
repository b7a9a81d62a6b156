package io.vigil.watcher;

/**
 * What a client needs before delegating: whom to authorize as hunter, whose signature receipts
 * carry, and the chain and hub its states must be signed for.
 */
public record WatcherInfo(long chainId, String hub, String hunter, String receiptSigner) {}
