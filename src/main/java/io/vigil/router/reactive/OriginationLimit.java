package io.vigil.router.reactive;

import io.vigil.core.limits.RateLimit;
import io.vigil.core.limits.RateLimiter;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The rate at which one light client may originate routing messages, shared by every router
 * replica. Keyed by the client whose signature was checked, so nobody can spend another client's
 * allowance.
 */
@ApplicationScoped
public class OriginationLimit {

  private final RateLimiter limiter;
  private final RateLimit perClient;

  public OriginationLimit(RateLimiter limiter, RouterConfig config) {
    this.limiter = limiter;
    this.perClient =
        RateLimit.of(
            "router.originations",
            "originations",
            config.originationRatePerClient(),
            config.originationBurstPerClient());
  }

  /** Admits one origination by {@code client}, or refuses it with 429 and a Retry-After. */
  public void admit(String client) {
    limiter.admit(perClient, client, "the client " + client, "client");
  }
}
