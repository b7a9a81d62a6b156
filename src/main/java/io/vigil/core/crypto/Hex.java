package io.vigil.core.crypto;

/**
 * Checks {@code 0x}-prefixed hex text of a fixed length without regular expressions: states,
 * signatures and addresses are checked many times per delegation, on the intake's hot path.
 */
public final class Hex {

  private Hex() {}

  /** True when {@code text} is {@code 0x} and exactly {@code digits} lower-case hex digits. */
  public static boolean isLowerHex(String text, int digits) {
    return isHex(text, digits, false);
  }

  /** True when {@code text} is {@code 0x} and exactly {@code digits} hex digits in any case. */
  public static boolean isHex(String text, int digits) {
    return isHex(text, digits, true);
  }

  private static boolean isHex(String text, int digits, boolean upperToo) {
    if (text == null
        || text.length() != digits + 2
        || text.charAt(0) != '0'
        || text.charAt(1) != 'x') {
      return false;
    }
    for (int i = 2; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean digit = c >= '0' && c <= '9';
      boolean lower = c >= 'a' && c <= 'f';
      boolean upper = upperToo && c >= 'A' && c <= 'F';
      if (!digit && !lower && !upper) {
        return false;
      }
    }
    return true;
  }
}
