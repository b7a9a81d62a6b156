package io.vigil.core.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Deterministic ECDSA nonces for secp256k1 (RFC 6979, section 3.2, with HMAC-SHA256), on the JDK's
 * HMAC, whose SHA-256 runs on the processor's SHA instructions where it has them. One instance
 * serves one signature: {@link #next()} gives the first candidate, and the following ones only if a
 * candidate had to be rejected.
 */
final class Rfc6979 {

  private static final BigInteger N =
      new BigInteger("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 16);

  private static final ThreadLocal<Mac> MACS =
      ThreadLocal.withInitial(
          () -> {
            try {
              return Mac.getInstance("HmacSHA256");
            } catch (GeneralSecurityException missing) {
              throw new IllegalStateException("HmacSHA256 is part of every JDK", missing);
            }
          });

  private final Mac mac = MACS.get();
  private byte[] k = new byte[32];
  private byte[] v = new byte[32];
  private boolean started;

  /** Starts the generator for private key {@code d} and a 32-byte message digest. */
  Rfc6979(BigInteger d, byte[] digest) {
    byte[] x = unsigned32(d);
    BigInteger z = new BigInteger(1, digest);
    byte[] h = unsigned32(z.compareTo(N) >= 0 ? z.subtract(N) : z);
    Arrays.fill(v, (byte) 0x01);
    k = hmac(k, v, new byte[] {0x00}, x, h);
    v = hmac(k, v);
    k = hmac(k, v, new byte[] {0x01}, x, h);
    v = hmac(k, v);
    Arrays.fill(x, (byte) 0);
  }

  /** The next nonce candidate, in [1, n). */
  BigInteger next() {
    while (true) {
      if (started) {
        k = hmac(k, v, new byte[] {0x00});
        v = hmac(k, v);
      }
      started = true;
      v = hmac(k, v);
      BigInteger candidate = new BigInteger(1, v);
      if (candidate.signum() > 0 && candidate.compareTo(N) < 0) {
        return candidate;
      }
    }
  }

  private byte[] hmac(byte[] key, byte[]... parts) {
    try {
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
    } catch (InvalidKeyException impossible) {
      throw new IllegalStateException(impossible);
    }
    for (byte[] part : parts) {
      mac.update(part);
    }
    return mac.doFinal();
  }

  /** {@code value} as exactly 32 unsigned big-endian bytes. */
  static byte[] unsigned32(BigInteger value) {
    byte[] bytes = value.toByteArray();
    if (bytes.length == 32) {
      return bytes;
    }
    byte[] fixed = new byte[32];
    int copy = Math.min(bytes.length, 32);
    System.arraycopy(bytes, bytes.length - copy, fixed, 32 - copy, copy);
    return fixed;
  }
}
