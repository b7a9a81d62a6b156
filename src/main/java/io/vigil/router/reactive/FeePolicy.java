package io.vigil.router.reactive;

import io.vigil.core.protocol.Amounts;
import java.math.BigDecimal;

/**
 * The fee a server charges for paying out on one link: a base amount plus a proportional part in
 * parts per million of the amount paid out, both in the link's unit.
 *
 * @param base fixed fee per payment, never negative
 * @param ppm proportional fee in parts per million (10,000 ppm = 1%), never negative
 */
public record FeePolicy(BigDecimal base, long ppm) {

  public static final FeePolicy FREE = new FeePolicy(BigDecimal.ZERO, 0);

  public FeePolicy {
    if (base.signum() < 0 || ppm < 0) {
      throw new IllegalArgumentException("fees cannot be negative");
    }
  }

  public static FeePolicy percent(String percent) {
    return new FeePolicy(
        BigDecimal.ZERO,
        new BigDecimal(percent).multiply(BigDecimal.valueOf(10_000)).longValueExact());
  }

  /** The fee for paying out {@code amount} on this link. */
  public BigDecimal feeFor(BigDecimal amount) {
    return base.add(Amounts.ppm(amount, ppm));
  }
}
