package io.vigil.client.payinit;

import io.vigil.core.protocol.PaymentHashes;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A payment's secret (32 bytes), as a payment initialization carries it, and the hash routing
 * messages carry for it ({@link PaymentHashes#of}: SHA-256 of the secret's bytes). The recipient
 * keeps the secret until the payment reaches it; only the hash is sent to routing servers.
 */
public record PaymentSecret(byte[] bytes) {

  public static final int BYTES = 32;

  public PaymentSecret {
    if (bytes == null || bytes.length != BYTES) {
      throw new IllegalArgumentException("a payment secret is " + BYTES + " bytes");
    }
    bytes = bytes.clone();
  }

  /** From {@code 0x} and 64 hex digits. */
  public static PaymentSecret of(String hex) {
    if (hex == null || !hex.matches("0x[0-9a-fA-F]{64}")) {
      throw new IllegalArgumentException("a payment secret is 0x and 64 hex digits");
    }
    return new PaymentSecret(HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT), 2, 66));
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /** {@code 0x} and 64 lower-case hex digits. */
  public String hex() {
    return "0x" + HexFormat.of().formatHex(bytes);
  }

  /** The payment hash routing messages carry ({@link PaymentHashes#of}). */
  public String hash() {
    return PaymentHashes.of(bytes);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PaymentSecret secret && Arrays.equals(secret.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** Never prints the secret. */
  @Override
  public String toString() {
    return "PaymentSecret[hash=" + hash() + "]";
  }
}
