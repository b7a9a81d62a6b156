package io.vigil.core.limits;

/**
 * One limit: a token bucket per key (a client key, a sender address, a channel) within a scope that
 * names what is limited ({@code watcher.delegations}). Keys of different scopes never share a
 * bucket.
 *
 * @param what the limited action as a client reads it in a refusal ("delegations")
 * @param who how a refusal of {@link RateLimiter#admit} names the caller, before its key ("the
 *     sender"); null for a limit whose refusals its user words itself
 * @param field the request field such a refusal names ("raw.signature")
 */
public record RateLimit(String scope, String what, TokenBucket bucket, String who, String field) {

  public static RateLimit of(String scope, String what, double ratePerSecond, int burst) {
    return new RateLimit(scope, what, new TokenBucket(ratePerSecond, burst), null, null);
  }

  /** This limit, refused by {@link RateLimiter#admit} as "{who} {key} is over the limit...". */
  public RateLimit refusing(String who, String field) {
    return new RateLimit(scope, what, bucket, who, field);
  }

  /** The limit as a refusal states it: "20 delegations per second, bursts of 40". */
  public String describe() {
    double rate = bucket.ratePerSecond();
    String perSecond = rate == Math.rint(rate) ? String.valueOf((long) rate) : String.valueOf(rate);
    return perSecond + " " + what + " per second, bursts of " + bucket.burst();
  }
}
