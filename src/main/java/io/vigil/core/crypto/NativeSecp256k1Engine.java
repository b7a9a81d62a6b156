package io.vigil.core.crypto;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;

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
   * Signs inside libsecp256k1, whose signing is constant-time and whose nonce is RFC 6979's, with s
   * in the lower half. The binding returns only r || s, so v is read from the nonce point R: its
   * scalar k = s⁻¹ (z + r d) is rebuilt with libsecp256k1's constant-time scalar operations (only
   * s⁻¹ and z mod n, both public, are computed in Java), and R = k G with its constant-time
   * generator multiplication, about half the work of recovering a public key. v is 27 when R's y is
   * even, and R's x must equal r, which also proves the signature valid for the key. WARNING: never
   * compute any part of a signature or of the nonce in Java: {@link java.math.BigInteger}
   * arithmetic takes time that depends on its operands.
   *
   * @throws IllegalStateException when R's x is not r, which happens only when the nonce point's x
   *     is at least the group order (odds about 2^-128): Ethereum's v cannot express that signature
   */
  @Override
  public Signature sign(byte[] digest, PrivateKey key) {
    requireDigest(digest);
    byte[] secret = key.toBytes();
    byte[] compact;
    byte[] noncePoint;
    try {
      compact = secp.sign(digest, secret);
      noncePoint = noncePoint(compact, digest, secret);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
    if (noncePoint.length != 65 || !Arrays.equals(noncePoint, 1, 33, compact, 0, 32)) {
      throw new IllegalStateException("libsecp256k1 gave a signature that no v recovers");
    }
    byte[] rsv = Arrays.copyOf(compact, 65);
    rsv[64] = (byte) (noncePoint[64] & 1);
    return Signature.of(rsv);
  }

  /**
   * R = k G for the nonce k = s⁻¹ (z + r d) of a signature just made, uncompressed (04 || x || y).
   * Every step that involves the key or the nonce runs in libsecp256k1, and the scalars are wiped.
   */
  private byte[] noncePoint(byte[] compact, byte[] digest, byte[] secret) {
    byte[] r = Arrays.copyOfRange(compact, 0, 32);
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(compact, 32, 64));
    byte[] sInverse = word(s.modInverse(Secp256k1Engine.ORDER));
    byte[] z = word(new BigInteger(1, digest).mod(Secp256k1Engine.ORDER));
    byte[] rd = null;
    byte[] sum = null;
    byte[] nonce = null;
    try {
      rd = secp.privKeyTweakMul(secret, r);
      sum = secp.privKeyTweakAdd(rd, z);
      nonce = secp.privKeyTweakMul(sum, sInverse);
      return secp.pubkeyCreate(nonce);
    } finally {
      wipe(rd);
      wipe(sum);
      wipe(nonce);
    }
  }

  /** A scalar below the group order as one 32-byte big-endian word. */
  private static byte[] word(BigInteger scalar) {
    byte[] raw = scalar.toByteArray();
    byte[] word = new byte[32];
    int length = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - length, word, 32 - length, length);
    return word;
  }

  private static void wipe(byte[] scalar) {
    if (scalar != null) {
      Arrays.fill(scalar, (byte) 0);
    }
  }

  private static void requireDigest(byte[] digest) {
    if (digest.length != 32) {
      throw new IllegalArgumentException("a digest has 32 bytes, not " + digest.length);
    }
  }
}
