package io.vigil.router.reactive;

import io.vigil.core.api.ProblemException;
import java.util.Locale;

/** Reads the payment hash a routing request names, in either case, as the lower-case form. */
final class PaymentHashes {

  private PaymentHashes() {}

  /** The lower-cased hash, or a 400 naming {@code field} when it is not 0x and 64 hex digits. */
  static String parse(String field, String raw) {
    String hash = raw.toLowerCase(Locale.ROOT);
    if (!Validation.isHash(hash)) {
      throw ProblemException.invalidField(field, "must be 0x followed by 64 hex digits");
    }
    return hash;
  }
}
