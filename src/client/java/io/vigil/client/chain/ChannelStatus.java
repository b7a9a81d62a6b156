package io.vigil.client.chain;

/** A channel's status in the hub, in the order of the contract's {@code Status} enum. */
public enum ChannelStatus {
  /** The hub never saw this id. */
  NONE,
  OPEN,
  /** A close started; the challenge period runs until the deadline. */
  CLOSING,
  /** Settled or cooperatively closed; the balances were credited. */
  CLOSED;

  static ChannelStatus ofOrdinal(int ordinal) {
    ChannelStatus[] all = values();
    if (ordinal < 0 || ordinal >= all.length) {
      throw new IllegalArgumentException("unknown channel status " + ordinal);
    }
    return all[ordinal];
  }
}
