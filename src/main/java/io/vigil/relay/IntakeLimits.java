package io.vigil.relay;

import io.vigil.core.limits.RateLimit;
import io.vigil.core.limits.RateLimiter;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Rates at which the relay takes requests in, shared by every relay replica: client transactions
 * per sender, state posts per channel. A refusal is a 429 problem with a Retry-After, thrown before
 * anything is stored.
 */
@ApplicationScoped
public class IntakeLimits {

  private final RateLimiter limiter;
  private final RateLimit perSender;
  private final RateLimit perChannel;

  public IntakeLimits(RateLimiter limiter, RelayConfig config) {
    this.limiter = limiter;
    this.perSender =
        RateLimit.of(
            "relay.transactions",
            "transactions",
            config.raw().ratePerSender(),
            config.raw().burstPerSender());
    this.perChannel =
        RateLimit.of(
            "relay.states",
            "state posts",
            config.posts().ratePerChannel(),
            config.posts().burstPerChannel());
  }

  /** Admits one client transaction from {@code sender}, or refuses it naming the signature. */
  public void admitTransaction(String sender) {
    limiter.admit(perSender, sender, "the sender " + sender, "raw.signature");
  }

  /** Admits one state post of {@code channel}, or refuses it naming the channel. */
  public void admitStatePost(String channel) {
    limiter.admit(perChannel, channel, "the channel " + channel, "state.channelId");
  }
}
