package io.vigil.client.tower;

import io.vigil.client.ErrorCode;

/** What came of sending one delegation to one tower. */
public sealed interface TowerOutcome {

  String url();

  /** A correct receipt: the tower holds the state. */
  record Acknowledged(String url, TowerReceipt receipt) implements TowerOutcome {}

  /** No answer, or asked to wait: the delegation stays queued and is retried with backoff. */
  record Queued(String url, ErrorCode code, String reason, Long retryAfterSeconds)
      implements TowerOutcome {}

  /** Refused for a reason a retry cannot change (watch policy, conflict, malformed). */
  record Refused(String url, int status, String problemType, String reason)
      implements TowerOutcome {}

  /** Answered with a wrong receipt: the tower is misbehaving and the proof is kept. */
  record Misbehaved(String url, MisbehaviourProof proof) implements TowerOutcome {}

  /** Not sent: a misbehaving tower, or the counterparty rule refused it. */
  record Skipped(String url, String reason) implements TowerOutcome {}
}
