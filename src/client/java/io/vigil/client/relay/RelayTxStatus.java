package io.vigil.client.relay;

/**
 * A relayed transaction's status, as the relay names it (docs/relay.md, "Status model"). Only
 * CONFIRMED, FAILED and CANCELLED are final.
 */
public enum RelayTxStatus {
  PENDING,
  IN_POOL,
  INCLUDED,
  CONFIRMED,
  FAILED,
  REPLACED,
  DROPPED,
  RESENT,
  CANCELLED;

  public boolean isFinal() {
    return this == CONFIRMED || this == FAILED || this == CANCELLED;
  }
}
