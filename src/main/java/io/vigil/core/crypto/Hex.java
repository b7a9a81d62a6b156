package io.vigil.core.crypto;

import java.util.HexFormat;
import java.util.Locale;

/**
 * Checks {@code 0x}-prefixed hex text of a fixed length without regular expressions (states,
 * signatures and addresses are checked many times per delegation, on the intake's hot path), and
 * converts between it and bytes for the value types held as lower-case hex ({@link Address}, {@link
 * Signature}, channel ids).
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

  /**
   * True when {@code text}, stripped and in lower case, is {@code 0x} and {@code digits} digits.
   */
  public static boolean isHexIgnoringCase(String text, int digits) {
    return text != null && isLowerHex(lower(text), digits);
  }

  /**
   * {@code text} stripped and in lower case, as a value type holds it; {@code what} names the value
   * when it is missing.
   */
  public static String normalized(String text, String what) {
    if (text == null) {
      throw new IllegalArgumentException(what + " is missing");
    }
    return lower(text);
  }

  /** {@code 0x} and the lower-case hex of {@code bytes}, which must be exactly {@code length}. */
  public static String encode(byte[] bytes, int length, String what) {
    if (bytes.length != length) {
      throw new IllegalArgumentException(what + " has " + length + " bytes, not " + bytes.length);
    }
    return "0x" + HexFormat.of().formatHex(bytes);
  }

  /** The bytes of {@code 0x} hex already checked. */
  public static byte[] decode(String hex) {
    return HexFormat.of().parseHex(hex, 2, hex.length());
  }

  private static String lower(String text) {
    return text.strip().toLowerCase(Locale.ROOT);
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
