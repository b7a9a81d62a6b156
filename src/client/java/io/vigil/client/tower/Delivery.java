package io.vigil.client.tower;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.client.ErrorCode;
import io.vigil.client.VigilClientException;
import io.vigil.client.http.JsonHttp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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

  /** Most delegations one batch request carries (the tower's {@code vigil.watcher.max-batch}). */
  static final int MAX_BATCH = 64;

  /**
   * Sends several queued delegations in batches, one outcome per delegation in order. A tower that
   * refuses the batch as a whole (an older tower without the endpoint, a body it cannot read) is
   * sent the delegations one by one instead; a batch that cannot be sent at all leaves the rest
   * queued.
   */
  static List<TowerOutcome> sendBatches(
      TowerClient client, Tower tower, List<PendingDelegation> pending, Instant now) {
    List<TowerOutcome> outcomes = new ArrayList<>();
    for (int from = 0; from < pending.size(); from += MAX_BATCH) {
      List<PendingDelegation> chunk =
          pending.subList(from, Math.min(pending.size(), from + MAX_BATCH));
      List<JsonNode> results;
      try {
        results = client.delegateBatch(chunk.stream().map(PendingDelegation::body).toList());
      } catch (VigilClientException failed) {
        if (failed.retryable()) {
          outcomes.add(classify(tower, chunk.getFirst(), failed, now));
          return outcomes;
        }
        for (PendingDelegation one : chunk) {
          outcomes.add(send(client, tower, one, now));
        }
        continue;
      }
      if (results.size() != chunk.size()) {
        VigilClientException wrong =
            VigilClientException.of(
                ErrorCode.BAD_RESPONSE,
                "batch of " + chunk.size() + " answered with " + results.size() + " results");
        outcomes.add(classify(tower, chunk.getFirst(), wrong, now));
        return outcomes;
      }
      for (int i = 0; i < chunk.size(); i++) {
        outcomes.add(result(tower, chunk.get(i), results.get(i), now));
      }
    }
    return outcomes;
  }

  private static TowerOutcome result(
      Tower tower, PendingDelegation pending, JsonNode result, Instant now) {
    int status = result.path("status").asInt(0);
    if (status == 200 || status == 201) {
      return judge(tower, pending, result.get("receipt"), now);
    }
    JsonNode problem = result.path("problem");
    String detail = problem.path("detail").asText("refused with " + status);
    if (status == 429 || status >= 500 || status == 0) {
      return new TowerOutcome.Queued(
          tower.url(), ErrorCode.forStatus(status == 0 ? 503 : status), detail, null);
    }
    return new TowerOutcome.Refused(tower.url(), status, problem.path("type").asText(null), detail);
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
