package io.vigil.client.relay;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.client.ErrorCode;
import io.vigil.client.VigilClientException;
import java.util.Objects;

/**
 * What one relay reports of a transaction ({@code GET /v1/relay/transactions/{id}}): the fields a
 * client acts on. {@code reason} is set for failures, replacements, drops and cancellations.
 *
 * @param relay the base URL of the relay that answered
 */
public record RelayStatus(
    String relay,
    String requestId,
    String purpose,
    String from,
    Long nonce,
    String txHash,
    RelayTxStatus status,
    boolean isFinal,
    Long blockNumber,
    int confirmations,
    int requiredConfirmations,
    String reason) {

  public RelayStatus {
    Objects.requireNonNull(relay, "relay");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(status, "status");
  }

  /** Parses the relay's answer; an answer without a known status is a bad response. */
  public static RelayStatus parse(String relay, JsonNode body) {
    if (body == null || !body.hasNonNull("requestId") || !body.hasNonNull("status")) {
      throw new VigilClientException(
          ErrorCode.BAD_RESPONSE,
          relay,
          0,
          null,
          null,
          null,
          relay + " answered a transaction status without requestId or status",
          null);
    }
    RelayTxStatus status;
    try {
      status = RelayTxStatus.valueOf(body.get("status").asText());
    } catch (IllegalArgumentException unknown) {
      throw new VigilClientException(
          ErrorCode.BAD_RESPONSE,
          relay,
          0,
          null,
          null,
          null,
          relay + " answered an unknown status " + body.get("status").asText(),
          unknown);
    }
    return new RelayStatus(
        relay,
        body.get("requestId").asText(),
        text(body, "purpose"),
        text(body, "from"),
        body.hasNonNull("nonce") ? body.get("nonce").asLong() : null,
        text(body, "txHash"),
        status,
        body.path("isFinal").asBoolean(status.isFinal()),
        body.hasNonNull("blockNumber") ? body.get("blockNumber").asLong() : null,
        body.path("confirmations").asInt(0),
        body.path("requiredConfirmations").asInt(0),
        text(body, "reason"));
  }

  private static String text(JsonNode body, String field) {
    return body.hasNonNull(field) ? body.get(field).asText() : null;
  }
}
