package io.vigil.router.reactive;

import io.vigil.core.protocol.PaymentHashes;
import java.util.regex.Pattern;

/** Formats the routing API accepts for hashes and addresses. */
public final class Validation {

  private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-f]{40}");

  private Validation() {}

  /** {@code 0x} followed by 64 lower-case hex digits. */
  public static boolean isHash(String value) {
    return PaymentHashes.isHash(value);
  }

  /** {@code 0x} followed by 40 lower-case hex digits. */
  public static boolean isAddress(String value) {
    return value != null && ADDRESS.matcher(value).matches();
  }
}
