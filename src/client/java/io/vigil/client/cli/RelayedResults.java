package io.vigil.client.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.client.http.JsonHttp;
import io.vigil.client.relay.HubSender;
import io.vigil.client.relay.RelayAnswer;
import io.vigil.client.relay.RelayOutcome;
import io.vigil.client.relay.RelayStatus;
import io.vigil.client.relay.Submission;

/** How the commands that relay something show it: JSON fields, a text line, an exit code. */
final class RelayedResults {

  private RelayedResults() {}

  /** The exit code for how following a request ended; OK when nobody waited. */
  static int exitCode(RelayOutcome outcome) {
    if (outcome == null) {
      return ExitCodes.OK;
    }
    return switch (outcome) {
      case RelayOutcome.Confirmed confirmed -> ExitCodes.OK;
      case RelayOutcome.Failed failed -> ExitCodes.REVERTED;
      case RelayOutcome.Cancelled cancelled -> ExitCodes.REVERTED;
      case RelayOutcome.Replaced replaced -> ExitCodes.RETRYABLE;
      case RelayOutcome.Dropped dropped -> ExitCodes.RETRYABLE;
      case RelayOutcome.Pending pending -> ExitCodes.RETRYABLE;
    };
  }

  /** requestId, txHash, from, nonce, relays (each relay's answer), status, reason. */
  static ObjectNode json(HubSender.Sent sent) {
    ObjectNode node = json(sent.submission(), sent.outcome().orElse(null));
    node.put("from", sent.transaction().from().hex());
    node.put("nonce", sent.transaction().nonce());
    sent.receipt().ifPresent(receipt -> node.put("blockNumber", receipt.blockNumber()));
    return node;
  }

  static ObjectNode json(Submission submission, RelayOutcome outcome) {
    ObjectNode node = JsonHttp.JSON.createObjectNode();
    node.put("requestId", submission.requestId());
    node.put("txHash", submission.txHash());
    ArrayNode relays = node.putArray("relays");
    for (RelayAnswer answer : submission.answers()) {
      ObjectNode relay = relays.addObject().put("relay", answer.relay());
      switch (answer) {
        case RelayAnswer.Accepted accepted ->
            relay.put("accepted", true).put("repeat", accepted.repeat());
        case RelayAnswer.NotAccepted refused ->
            relay
                .put("accepted", false)
                .put("code", refused.failure().code().code())
                .put("detail", refused.failure().getMessage());
      }
    }
    RelayStatus last =
        outcome != null && outcome.last() != null
            ? outcome.last()
            : submission.firstStatus().orElse(null);
    node.put("status", outcome != null ? outcome.statusName() : name(last));
    node.put("final", outcome != null && outcome.isFinal());
    if (last != null && last.txHash() != null) {
      node.put("txHash", last.txHash());
    }
    if (last != null && last.reason() != null) {
      node.put("reason", last.reason());
    }
    return node;
  }

  /** One line per fact, for people. */
  static String text(ObjectNode json) {
    StringBuilder text = new StringBuilder();
    json.fields()
        .forEachRemaining(
            field -> {
              if (field.getValue().isArray()) {
                field
                    .getValue()
                    .forEach(
                        relay ->
                            text.append("relay ")
                                .append(relay.path("relay").asText())
                                .append(": ")
                                .append(
                                    relay.path("accepted").asBoolean()
                                        ? "accepted"
                                        : "not accepted (" + relay.path("detail").asText() + ")")
                                .append('\n'));
              } else if (!field.getValue().isNull()) {
                text.append(field.getKey())
                    .append(": ")
                    .append(field.getValue().asText())
                    .append('\n');
              }
            });
    return text.toString().stripTrailing();
  }

  /** Warns on stderr about relays that did not accept, when others did. */
  static void noteRefusals(Output output, Submission submission) {
    for (RelayAnswer.NotAccepted refused : submission.notAccepted()) {
      output.note(
          "warning: relay "
              + refused.relay()
              + " did not accept: "
              + refused.failure().getMessage());
    }
  }

  private static String name(RelayStatus status) {
    return status == null ? "UNKNOWN" : status.status().name();
  }
}
