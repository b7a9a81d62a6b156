package io.vigil.router.payinit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of payment-initialization delivery ({@code vigil.payinit}, router role). */
@ConfigMapping(prefix = "vigil.payinit")
public interface PaymentInitConfig {

  /** How long an envelope is kept when the sender names no {@code expiresAt}. */
  @WithDefault("1d")
  Duration defaultLifetime();

  /** The furthest in the future a sender's {@code expiresAt} may lie; later is refused (400). */
  @WithDefault("7d")
  Duration maxLifetime();

  /**
   * Most unexpired envelopes held for one recipient; one more is refused (429) until the recipient
   * fetches and deletes some or the oldest expires.
   */
  @WithDefault("100")
  int maxPerRecipient();

  /** Envelopes one sender may post per second, shared by every router replica. */
  @WithDefault("0.2")
  double ratePerSender();

  /** Envelopes one sender may post in a burst. */
  @WithDefault("20")
  int burstPerSender();

  /** How often expired envelopes are deleted. */
  @WithDefault("1m")
  Duration expiryInterval();

  /** Most envelopes one deleting statement removes; the job repeats until fewer are left. */
  @WithDefault("1000")
  int expiryBatch();
}
