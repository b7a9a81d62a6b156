package io.vigil.client.tower;

/** What the kit knows of a tower's conduct, which decides whether states are sent to it. */
public enum TowerState {
  /** Answered the last call and acknowledged correctly. */
  REACHABLE,
  /** Did not answer (or asked to wait); its pending states are retried with backoff. */
  UNREACHABLE,
  /** Signed a wrong receipt or answered falsely; a proof is kept and nothing more is sent. */
  MISBEHAVING,
  /** Refused a delegation for a reason a retry cannot change (watch policy, conflict). */
  REFUSED
}
