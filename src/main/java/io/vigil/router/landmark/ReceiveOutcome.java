package io.vigil.router.landmark;

/** What became of a ROUTING message handed to a hosted user. */
public sealed interface ReceiveOutcome {

  /** Stored; {@code changedRows} rows were added, changed or removed. */
  record Accepted(int changedRows) implements ReceiveOutcome {}

  /** Already received (its sequence number is not above the last one); nothing changed. */
  record Duplicate(long lastSequence) implements ReceiveOutcome {}

  /** The receiver is not hosted here. */
  record UnknownUser(String user) implements ReceiveOutcome {}

  /** The sender is not a contact of the receiver. */
  record NotAContact(String from) implements ReceiveOutcome {}

  /**
   * The message was not signed by the key pinned for the sender's server (or the sender is hosted
   * here, so its messages never come from another server); nothing was stored.
   *
   * @param pinned the sender's pinned server key; null when it has none
   */
  record WrongServerKey(String from, String signer, String pinned) implements ReceiveOutcome {}

  /**
   * The sequence number is further above the last one received than {@code
   * vigil.landmark.max-sequence-jump} allows; nothing was stored.
   */
  record SequenceJump(long lastSequence, long sequence, long maxJump) implements ReceiveOutcome {}

  /** An entry broke the protocol; nothing was stored. */
  record Malformed(String field, String reason) implements ReceiveOutcome {}
}
