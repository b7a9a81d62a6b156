package io.vigil.core.protocol;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * In charge of the exact decimal arithmetic of routing amounts. Amounts are {@link BigDecimal}s
 * with at most {@value #SCALE} fractional digits. Every computed amount is rounded up (towards the
 * payer paying more) to that scale, so a server never advertises less than it needs to receive.
 */
public final class Amounts {

  /** Fractional digits an amount may carry (one wei of an 18-decimal token). */
  public static final int SCALE = 18;

  /** Largest accepted amount, to keep numbers inside the database column. */
  public static final BigDecimal MAX = new BigDecimal("1e40");

  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000L);

  private Amounts() {}

  /** Rounds a computed amount up to {@value #SCALE} fractional digits. */
  public static BigDecimal ceil(BigDecimal amount) {
    BigDecimal rounded =
        amount.scale() > SCALE ? amount.setScale(SCALE, RoundingMode.CEILING) : amount;
    return rounded.stripTrailingZeros();
  }

  /** {@code amount × ppm / 1,000,000}, rounded up. */
  public static BigDecimal ppm(BigDecimal amount, long ppm) {
    return ceil(amount.multiply(BigDecimal.valueOf(ppm)).divide(MILLION));
  }

  /** {@code amount / rate}, rounded up. */
  public static BigDecimal divideUp(BigDecimal amount, BigDecimal rate) {
    return amount.divide(rate, SCALE, RoundingMode.CEILING).stripTrailingZeros();
  }

  /** The canonical text of an amount: plain notation, no trailing zeros. */
  public static String text(BigDecimal amount) {
    BigDecimal stripped = amount.stripTrailingZeros();
    return stripped.signum() == 0 ? "0" : stripped.toPlainString();
  }

  /**
   * Why a client-supplied amount is refused, or empty when it is acceptable: it must be positive,
   * at most {@link #MAX}, and carry at most {@value #SCALE} fractional digits.
   */
  public static Optional<String> refusal(BigDecimal amount) {
    if (amount == null) {
      return Optional.of("is required");
    }
    if (amount.signum() <= 0) {
      return Optional.of("must be positive");
    }
    if (amount.compareTo(MAX) > 0) {
      return Optional.of("must be at most " + MAX.toPlainString());
    }
    if (amount.stripTrailingZeros().scale() > SCALE) {
      return Optional.of("has more than " + SCALE + " fractional digits");
    }
    return Optional.empty();
  }
}
