package io.vigil.client.relay;

import io.vigil.client.events.Notification;
import java.time.Instant;

/**
 * A relayed transaction reached a final status (CONFIRMED, FAILED or CANCELLED).
 *
 * @param reason the revert or cancellation reason; null when confirmed
 */
public record TransactionFinal(
    String requestId, String txHash, RelayTxStatus status, String reason, Instant at)
    implements Notification {

  public static final String KIND = "transaction-final";

  public static TransactionFinal of(RelayStatus status, Instant at) {
    return new TransactionFinal(
        status.requestId(), status.txHash(), status.status(), status.reason(), at);
  }

  @Override
  public String kind() {
    return KIND;
  }
}
