package io.vigil.core.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.util.BigIntegers;

/**
 * Deterministic ECDSA nonces for secp256k1 (RFC 6979, section 3.2, with HMAC-SHA256), on the JDK's
 * HMAC, whose SHA-256 runs on the processor's SHA instructions where it has them. One instance
 * serves one signature: {@link #next()} gives the first candidate, and the following ones only if a
 * candidate had to be rejected.
 */
final class Rfc6979 {

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

  /** Starts the generator for {@code key} and a 32-byte message digest. */
  Rfc6979(PrivateKey key, byte[] digest) {
    byte[] x = key.toBytes();
    BigInteger z = new BigInteger(1, digest);
    BigInteger order = Secp256k1Engine.ORDER;
    byte[] h = BigIntegers.asUnsignedByteArray(32, z.compareTo(order) >= 0 ? z.subtract(order) : z);
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
      if (candidate.signum() > 0 && candidate.compareTo(Secp256k1Engine.ORDER) < 0) {
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
}
