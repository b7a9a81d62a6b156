package io.vigil.router.reactive;

import io.vigil.core.api.ProblemException;
import io.vigil.core.protocol.Amounts;
import io.vigil.core.protocol.PaymentHashes;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * Reads addresses and amounts out of request fields, refusing a bad one with a problem naming it.
 */
final class RequestFields {

  private RequestFields() {}

  /** The lower-cased payment hash, or a 400 naming {@code field} when it is not 0x and 64 hex. */
  static String hash(String field, String raw) {
    return PaymentHashes.normalized(raw)
        .orElseThrow(
            () -> ProblemException.invalidField(field, "must be 0x followed by 64 hex digits"));
  }

  static String address(String field, String raw) {
    if (raw == null) {
      throw ProblemException.invalidField(field, "is required");
    }
    String address = raw.toLowerCase(Locale.ROOT);
    if (!Validation.isAddress(address)) {
      throw ProblemException.invalidField(field, "must be 0x followed by 40 hex digits");
    }
    return address;
  }

  /** Parses a decimal given as a JSON string or number; null when absent. */
  static BigDecimal decimal(String field, String text) {
    if (text == null) {
      return null;
    }
    if (text.length() > 100) {
      throw ProblemException.invalidField(field, "is too long for an amount");
    }
    try {
      return new BigDecimal(text.strip());
    } catch (NumberFormatException malformed) {
      throw ProblemException.invalidField(field, "'" + text + "' is not a decimal number");
    }
  }

  static BigDecimal nonNegative(String field, String text) {
    BigDecimal value = decimal(field, text);
    if (value == null) {
      return BigDecimal.ZERO;
    }
    if (value.signum() < 0) {
      throw ProblemException.invalidField(field, "cannot be negative");
    }
    if (value.compareTo(Amounts.MAX) > 0 || value.stripTrailingZeros().scale() > Amounts.SCALE) {
      throw ProblemException.invalidField(field, "out of range or too many fractional digits");
    }
    return value;
  }
}
