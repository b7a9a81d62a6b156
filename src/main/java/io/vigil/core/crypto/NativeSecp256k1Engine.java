package io.vigil.core.crypto;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;
import org.bouncycastle.util.BigIntegers;

/** Signature recovery and signing with the native libsecp256k1 through the fr.acinq JNI binding. */
public final class NativeSecp256k1Engine implements Secp256k1Engine {

  private static final byte[] PROBE_DIGEST =
      HexFormat.of().parseHex("6a7d1f3c5b0e8f4a2c9d7b6e1f0a3c5e7d9b2a4c6e8f0a1b3c5d7e9f1a2b3c4d");

  private final fr.acinq.secp256k1.Secp256k1 secp;

  private NativeSecp256k1Engine(fr.acinq.secp256k1.Secp256k1 secp) {
    this.secp = secp;
  }

  static fr.acinq.secp256k1.Secp256k1 defaultLoader() {
    return fr.acinq.secp256k1.Secp256k1.Companion.get();
  }

  /**
   * Loads the native library and proves it works with one sign-and-recover round trip; empty when
   * the library cannot be loaded on this platform.
   */
  public static Optional<NativeSecp256k1Engine> load(
      Supplier<fr.acinq.secp256k1.Secp256k1> loader) {
    try {
      NativeSecp256k1Engine engine = new NativeSecp256k1Engine(loader.get());
      PrivateKey probe = PrivateKey.of("0x" + "11".repeat(32));
      Signature signature = engine.sign(PROBE_DIGEST, probe);
      if (engine.recoverAddress(PROBE_DIGEST, signature).equals(Optional.of(probe.address()))) {
        return Optional.of(engine);
      }
      return Optional.empty();
    } catch (LinkageError | RuntimeException unavailable) {
      // UnsatisfiedLinkError, ExceptionInInitializerError, NoClassDefFoundError or a loader error.
      return Optional.empty();
    }
  }

  @Override
  public String name() {
    return "native";
  }

  @Override
  public Optional<byte[]> recoverPublicKey(byte[] digest, Signature signature) {
    requireDigest(digest);
    try {
      byte[] key = secp.ecdsaRecover(signature.compact(), digest, signature.recoveryId());
      if (key.length == 33) {
        key = secp.pubkeyParse(key);
      }
      return Optional.of(Arrays.copyOfRange(key, 1, 65));
    } catch (RuntimeException noKey) {
      return Optional.empty();
    }
  }

  /**
   * Signs with the RFC 6979 nonce libsecp256k1 itself would use, and takes the recovery id from the
   * nonce point: {@code R = k·G} is computed natively (constant time), so its y parity gives {@code
   * v} without recovering the key from the signature afterwards. The scalar arithmetic is the same
   * as BouncyCastle's signer (constant-time inverse of {@code k}).
   */
  @Override
  public Signature sign(byte[] digest, PrivateKey key) {
    requireDigest(digest);
    BigInteger d = key.secret();
    BigInteger z = new BigInteger(1, digest);
    Rfc6979 nonces = new Rfc6979(key, digest);
    while (true) {
      BigInteger k = nonces.next();
      byte[] point = secp.pubkeyCreate(BigIntegers.asUnsignedByteArray(32, k));
      BigInteger x = new BigInteger(1, point, 1, 32);
      if (x.compareTo(ORDER) >= 0) {
        // R's x overflowed the group order (odds about 2^-128): v cannot express it.
        continue;
      }
      BigInteger s = BigIntegers.modOddInverse(ORDER, k).multiply(z.add(d.multiply(x))).mod(ORDER);
      if (s.signum() == 0) {
        continue;
      }
      int recoveryId = point[64] & 1;
      if (s.compareTo(HALF_ORDER) > 0) {
        s = ORDER.subtract(s);
        recoveryId ^= 1;
      }
      return Signature.of(
          BigIntegers.asUnsignedByteArray(32, x),
          BigIntegers.asUnsignedByteArray(32, s),
          27 + recoveryId);
    }
  }

  private static void requireDigest(byte[] digest) {
    if (digest.length != 32) {
      throw new IllegalArgumentException("a digest has 32 bytes, not " + digest.length);
    }
  }
}
