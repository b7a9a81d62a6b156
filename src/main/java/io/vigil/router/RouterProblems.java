package io.vigil.router;

import io.vigil.core.api.ProblemException;
import jakarta.ws.rs.core.Response;

/**
 * The problem the routing APIs answer when a request names something this server does not have: 404
 * of type {@code unknown-<kind>}, naming the field that named it.
 */
public final class RouterProblems {

  private RouterProblems() {}

  /** A 404 {@code unknown-<kind>} problem whose detail is {@code "<field>: <reason>"}. */
  public static ProblemException unknown(String kind, String field, String reason) {
    return ProblemException.of(
        Response.Status.NOT_FOUND, "unknown-" + kind, field + ": " + reason, field);
  }
}
