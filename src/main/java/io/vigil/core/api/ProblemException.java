package io.vigil.core.api;

import jakarta.ws.rs.core.Response;

/**
 * Thrown by endpoint code to refuse a request with a problem body. Throw it before anything is
 * written, or inside the transaction that would write, so a refusal never leaves partial state.
 */
public final class ProblemException extends RuntimeException {

  private final transient Problem problem;

  public ProblemException(Problem problem) {
    super(problem.detail());
    this.problem = problem;
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
}
