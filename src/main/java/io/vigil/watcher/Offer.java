package io.vigil.watcher;

import java.math.BigInteger;

/**
 * A delegation whose fields are well formed, before any signature is checked. Ids and addresses are
 * lower-case 0x hex.
 */
record Offer(
    String channelId,
    long nonce,
    BigInteger balanceA,
    BigInteger balanceB,
    byte[] sigA,
    byte[] sigB,
    String hunter,
    byte[] authSig) {}
