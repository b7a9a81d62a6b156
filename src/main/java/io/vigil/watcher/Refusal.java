package io.vigil.watcher;

import io.vigil.core.api.Problem;
import io.vigil.core.api.ProblemException;
import jakarta.ws.rs.core.Response;

/**
 * Why the watcher refuses one delegation: an expected outcome, carried as a value from the check
 * that finds it to the answer. It becomes an exception only at the HTTP edge ({@link #thrown()}).
 */
public sealed interface Refusal {

  /** The problem+json body of the answer. */
  Problem problem();

  /** The delegation is at fault (4xx naming the field): it is not kept whatever the retry. */
  record Invalid(Problem problem) implements Refusal {}

  /** The client is over a rate or quota, or the pending cap is full: 429, retry after a while. */
  record Limited(Problem problem, long retryAfterSeconds) implements Refusal {}

  static Refusal invalidField(String field, String reason) {
    return new Invalid(Problem.invalidField(field, reason));
  }

  static Refusal of(Response.Status status, String type, String detail, String field) {
    return new Invalid(Problem.of(status, type, detail, field));
  }

  /** A refusal the parser threw at the edge of the watcher. */
  static Refusal of(ProblemException thrown) {
    return thrown.retryAfterSeconds() > 0
        ? new Limited(thrown.problem(), thrown.retryAfterSeconds())
        : new Invalid(thrown.problem());
  }

  /** The 429 for a delegation the {@link Gatekeeper} refused, naming the authorization. */
  static Refusal limited(Gatekeeper.Admission.Refused refused) {
    String detail = refused.reason() + "; retry after " + refused.retryAfterSeconds() + "s";
    return new Limited(
        Problem.of(
            Response.Status.TOO_MANY_REQUESTS,
            "too-many-requests",
            detail,
            "hunterAuthorization.signature"),
        refused.retryAfterSeconds());
  }

  /** The exception that answers a single delegation with this refusal. */
  default ProblemException thrown() {
    return switch (this) {
      case Invalid invalid -> new ProblemException(invalid.problem());
      case Limited limited -> new ProblemException(limited.problem(), limited.retryAfterSeconds());
    };
  }
}
