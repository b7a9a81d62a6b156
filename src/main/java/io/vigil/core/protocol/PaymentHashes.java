package io.vigil.core.protocol;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * In charge of payment hashes: their wire form ({@code 0x} and 64 lower-case hex digits) and the
 * hash a recipient computes from the payment secret it received out of band.
 *
 * <p>The payment hash is SHA-256 of the secret's bytes, the hash lock Lightning uses, so that one
 * secret can unlock hash-locked payments on either network. Servers never see the secret; they only
 * compare hashes, so this function matters to the two light clients of a payment.
 */
public final class PaymentHashes {

  private static final Pattern HASH = Pattern.compile("0x[0-9a-f]{64}");

  private PaymentHashes() {}

  /** {@code 0x} followed by 64 lower-case hex digits. */
  public static boolean isHash(String value) {
    return value != null && HASH.matcher(value).matches();
  }

  /** The lower-case form of a hash given in either case, or empty when it is not one. */
  public static Optional<String> normalized(String raw) {
    if (raw == null) {
      return Optional.empty();
    }
    String hash = raw.toLowerCase(Locale.ROOT);
    return isHash(hash) ? Optional.of(hash) : Optional.empty();
  }

  /** The payment hash of {@code secret}: {@code 0x} + SHA-256 of its bytes, lower case. */
  public static String of(byte[] secret) {
    if (secret == null || secret.length == 0) {
      throw new IllegalArgumentException("a payment secret has at least one byte");
    }
    try {
      return "0x" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret));
    } catch (NoSuchAlgorithmException missing) {
      throw new IllegalStateException("every Java runtime has SHA-256", missing);
    }
  }
}
