package io.vigil.core.limits;

import io.vigil.core.api.Problem;
import io.vigil.core.api.ProblemException;

/**
 * What a key got from its bucket: {@code granted} of the {@code wanted} tokens, and when the next
 * one is due if it got fewer.
 */
public record Grant(RateLimit limit, String key, int wanted, int granted, long retryAfterSeconds) {

  public static final String TYPE = "urn:vigil:problem:rate-limited";

  /** Every wanted token was granted. */
  public boolean admitted() {
    return granted >= wanted;
  }

  /** The 429 refusal for a request that got no token: names the limit and when to retry. */
  public ProblemException refusal(String subject, String field) {
    return new ProblemException(problem(subject, field), retryAfterSeconds);
  }

  /** The problem body of {@link #refusal}. */
  public Problem problem(String subject, String field) {
    return new Problem(
        TYPE,
        "Too Many Requests",
        429,
        subject
            + " is over the limit of "
            + limit.describe()
            + " ("
            + limit.scope()
            + "); retry after "
            + retryAfterSeconds
            + "s",
        field);
  }
}
