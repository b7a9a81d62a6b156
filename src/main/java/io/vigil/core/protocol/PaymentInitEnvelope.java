package io.vigil.core.protocol;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * The shape of an encrypted payment initialization as routing servers store it: {@code version (1
 * byte) || ephemeral public key (65 bytes, uncompressed secp256k1) || nonce (12 bytes) ||
 * ciphertext and AES-GCM tag (16 bytes)}. A server checks the shape only; it cannot read the
 * content, which only the recipient's key decrypts.
 */
public final class PaymentInitEnvelope {

  /** The only version: ECIES on secp256k1, HKDF-SHA256, AES-256-GCM (docs/client.md). */
  public static final byte VERSION = 0x01;

  public static final int EPHEMERAL_KEY_BYTES = 65;
  public static final int NONCE_BYTES = 12;
  public static final int TAG_BYTES = 16;

  /** Version, ephemeral key and nonce: what precedes the ciphertext. */
  public static final int HEADER_BYTES = 1 + EPHEMERAL_KEY_BYTES + NONCE_BYTES;

  /** The smallest envelope: a header, at least one byte of ciphertext and the tag. */
  public static final int MIN_BYTES = HEADER_BYTES + 1 + TAG_BYTES;

  /** The largest envelope a server stores. */
  public static final int MAX_BYTES = 4096;

  private PaymentInitEnvelope() {}

  /** Why {@code envelope} is not an envelope of this version (empty when its shape is right). */
  public static Optional<String> refusal(byte[] envelope) {
    if (envelope.length > MAX_BYTES) {
      return Optional.of("larger than " + MAX_BYTES + " bytes");
    }
    if (envelope.length < MIN_BYTES) {
      return Optional.of("shorter than the smallest envelope (" + MIN_BYTES + " bytes)");
    }
    if (envelope[0] != VERSION) {
      return Optional.of("unknown version " + (envelope[0] & 0xff) + " (expected " + VERSION + ")");
    }
    if (envelope[1] != 0x04) {
      return Optional.of("the ephemeral key must be an uncompressed point (0x04...)");
    }
    return Optional.empty();
  }

  /**
   * The bytes of {@code 0x} hex text, or empty when it is not even-length hex; text longer than
   * twice {@link #MAX_BYTES} digits is decoded too, so the caller can answer "too large".
   */
  public static Optional<byte[]> fromHex(String text) {
    if (text == null || !text.startsWith("0x") || text.length() % 2 != 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(HexFormat.of().parseHex(text.toLowerCase(Locale.ROOT), 2, text.length()));
    } catch (IllegalArgumentException notHex) {
      return Optional.empty();
    }
  }

  /** {@code 0x} and the lower-case hex of {@code envelope}. */
  public static String toHex(byte[] envelope) {
    return "0x" + HexFormat.of().formatHex(envelope);
  }
}
