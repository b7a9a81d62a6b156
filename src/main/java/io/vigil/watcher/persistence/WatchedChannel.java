package io.vigil.watcher.persistence;

import java.math.BigInteger;

/**
 * A channel as the canonical chain shows it to the watcher, built from the hub's events.
 *
 * @param challengePeriod seconds, fixed when the channel was opened; -1 when unknown (learned
 *     before the watcher recorded it)
 * @param status OPEN, CLOSING, DISPUTED, SETTLED or CLOSED
 * @param closeNonce nonce of the state the close used, or -1 when not closing
 * @param closeDeadline unix seconds until which a dispute is accepted, or 0
 * @param closer address that started the close, or null
 * @param disputedNonce highest nonce a dispute put on chain, or -1
 */
public record WatchedChannel(
    String channelId,
    String partyA,
    String partyB,
    BigInteger total,
    BigInteger bounty,
    long challengePeriod,
    String status,
    long closeNonce,
    long closeDeadline,
    String closer,
    String closeBlock,
    long disputedNonce,
    String disputedBy) {

  public static final String OPEN = "OPEN";
  public static final String CLOSING = "CLOSING";
  public static final String DISPUTED = "DISPUTED";
  public static final String SETTLED = "SETTLED";
  public static final String CLOSED = "CLOSED";

  /** A close started and the channel is not settled yet. */
  public boolean isClosing() {
    return CLOSING.equals(status) || DISPUTED.equals(status);
  }

  /** The newest nonce the chain holds for this channel's close. */
  public long onChainNonce() {
    return Math.max(closeNonce, disputedNonce);
  }

  /** The other party than {@code party}. */
  public String counterparty(String party) {
    return party.equalsIgnoreCase(partyA) ? partyB : partyA;
  }
}
