package io.vigil.core.api;

import jakarta.ws.rs.core.Response;

/**
 * Thrown by endpoint code to refuse a request with a problem body. Throw it before anything is
 * written, or inside the transaction that would write, so a refusal never leaves partial state.
 */
public final class ProblemException extends RuntimeException {

  private final transient Problem problem;
  private final long retryAfterSeconds;

  public ProblemException(Problem problem) {
    this(problem, 0);
  }

  /** A refusal the caller may try again after {@code retryAfterSeconds} (a Retry-After header). */
  public ProblemException(Problem problem, long retryAfterSeconds) {
    super(problem.detail());
    this.problem = problem;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public static ProblemException invalidField(String field, String reason) {
    return new ProblemException(Problem.invalidField(field, reason));
  }

  public static ProblemException of(
      Response.Status status, String type, String detail, String field) {
    return new ProblemException(Problem.of(status, type, detail, field));
  }

  public Problem problem() {
    return problem;
  }

  /** Seconds for the Retry-After header, or 0 for none. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
