package io.vigil.watcher.persistence;

import java.math.BigInteger;

/** What came of one watched channel's close; kept after the channel settles. */
public record OutcomeRow(
    String channelId,
    Long heldNonce,
    Long closeNonce,
    boolean disputed,
    Long disputedNonce,
    BigInteger bountyWei,
    boolean bountyWithdrawn,
    boolean settled,
    BigInteger balanceA,
    BigInteger balanceB) {}
