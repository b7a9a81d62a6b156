package io.vigil.relay.api;

/**
 * A co-signed channel state for Vigil to post from its own account.
 *
 * @param action {@code close}, {@code checkpoint} or {@code cooperativeClose}
 * @param state the state both parties signed
 * @param sigA party A's EIP-712 signature (0x, 65 bytes); may be empty for a close at nonce 0
 * @param sigB party B's EIP-712 signature (0x, 65 bytes); may be empty for a close at nonce 0
 */
public record StateSubmission(String action, State state, String sigA, String sigB) {

  /** The EIP-712 {@code State}: numbers as decimal strings or JSON numbers. */
  public record State(String channelId, String nonce, String balanceA, String balanceB) {}
}
