package io.vigil.client.tower;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.client.ErrorCode;
import io.vigil.client.VigilClientException;
import io.vigil.client.http.JsonHttp;
import java.time.Instant;

/**
 * Sends one queued delegation to one tower and says what came of it: a checked receipt, a wrong one
 * (with its proof), a refusal, or a failure to be retried. It decides; {@link Towers} stores and
 * announces.
 */
final class Delivery {

  private Delivery() {}

  static TowerOutcome send(
      TowerClient client, Tower tower, PendingDelegation pending, Instant now) {
    JsonNode answer;
    try {
      answer = client.delegate(pending.body());
    } catch (VigilClientException failed) {
      return classify(tower, pending, failed, now);
    }
    return judge(tower, pending, answer, now);
  }

  /** The strict receipt check of a tower's answer to {@code pending}. */
  static TowerOutcome judge(Tower tower, PendingDelegation pending, JsonNode answer, Instant now) {
    var sent = DelegationBody.state(pending.body());
    return switch (ReceiptCheck.check(tower.url(), tower.pinned(), sent, answer, now)) {
      case ReceiptCheck.Verdict.Valid valid ->
          new TowerOutcome.Acknowledged(tower.url(), valid.receipt());
      case ReceiptCheck.Verdict.Wrong wrong ->
          new TowerOutcome.Misbehaved(
              tower.url(),
              MisbehaviourProof.of(
                  tower.url(), tower.pinned(), pending.body(), answer, wrong.reason(), now));
    };
  }

  static TowerOutcome classify(
      Tower tower, PendingDelegation pending, VigilClientException failed, Instant now) {
    if (failed.code() == ErrorCode.BAD_RESPONSE) {
      // An answer that is not what the API promises, in place of a receipt.
      JsonNode what = JsonHttp.JSON.getNodeFactory().textNode(String.valueOf(failed.getMessage()));
      return new TowerOutcome.Misbehaved(
          tower.url(),
          MisbehaviourProof.of(
              tower.url(),
              tower.pinned(),
              pending.body(),
              what,
              "unparseable answer: " + failed.getMessage(),
              now));
    }
    if (failed.retryable()) {
      return new TowerOutcome.Queued(
          tower.url(), failed.code(), failed.getMessage(), failed.retryAfterSeconds().orElse(null));
    }
    return new TowerOutcome.Refused(
        tower.url(), failed.status(), failed.problemType().orElse(null), failed.getMessage());
  }
}
