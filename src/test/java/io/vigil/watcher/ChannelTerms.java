package io.vigil.watcher;

import io.vigil.watcher.persistence.WatchedChannel;
import java.math.BigInteger;

/**
 * What is fixed about a channel from the moment it opens, for the watcher's unit tests to build the
 * {@link WatchedChannel} of each stage from: open, closing or disputed, settled.
 */
record ChannelTerms(
    String channelId,
    String partyA,
    String partyB,
    BigInteger total,
    BigInteger bounty,
    long challengePeriod) {

  /** The channel while it is open: no close and no dispute. */
  WatchedChannel open() {
    return channel(WatchedChannel.OPEN, -1, 0, null, null, -1);
  }

  /** The channel settled without a close the watcher saw. */
  WatchedChannel settled() {
    return channel(WatchedChannel.SETTLED, -1, 0, null, null, -1);
  }

  /**
   * The channel after {@code closer} closed it with the state of {@code closeNonce} in block 0x02,
   * disputed when {@code disputedNonce} is not -1.
   */
  WatchedChannel closedBy(String closer, long closeNonce, long closeDeadline, long disputedNonce) {
    String status = disputedNonce >= 0 ? WatchedChannel.DISPUTED : WatchedChannel.CLOSING;
    return channel(status, closeNonce, closeDeadline, closer, "0x02", disputedNonce);
  }

  private WatchedChannel channel(
      String status,
      long closeNonce,
      long closeDeadline,
      String closer,
      String closeBlock,
      long disputedNonce) {
    return new WatchedChannel(
        channelId,
        partyA,
        partyB,
        total,
        bounty,
        challengePeriod,
        status,
        closeNonce,
        closeDeadline,
        closer,
        closeBlock,
        disputedNonce,
        null);
  }
}
