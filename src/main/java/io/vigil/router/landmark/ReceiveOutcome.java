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

  /** An entry broke the protocol; nothing was stored. */
  record Malformed(String field, String reason) implements ReceiveOutcome {}
}
