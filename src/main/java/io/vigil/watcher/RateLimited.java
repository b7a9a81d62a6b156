package io.vigil.watcher;

import io.vigil.core.api.Problem;

/** A refusal by the {@link Gatekeeper}: answered 429 with a Retry-After header. */
public final class RateLimited extends RuntimeException {
  private final transient Problem problem;
  private final long retryAfterSeconds;

  RateLimited(Problem problem, long retryAfterSeconds) {
    super(problem.detail());
    this.problem = problem;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** The 429 for a delegation the {@link Gatekeeper} refused, naming the authorization. */
  static RateLimited of(Gatekeeper.Admission.Refused refusal) {
    return new RateLimited(
        new Problem(
            "urn:vigil:problem:too-many-requests",
            "Too Many Requests",
            429,
            refusal.reason() + "; retry after " + refusal.retryAfterSeconds() + "s",
            "hunterAuthorization.signature"),
        refusal.retryAfterSeconds());
  }

  public Problem problem() {
    return problem;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
