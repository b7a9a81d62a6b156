package io.vigil.core.crypto;

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
   * in the lower half. The binding returns only r || s, so v is the one of 27 and 28 whose
   * recovered account is the signer's. WARNING: never compute any part of a signature in Java:
   * {@link java.math.BigInteger} arithmetic takes time that depends on the key and the nonce.
   *
   * @throws IllegalStateException when neither v recovers the signer, which happens only when the
   *     nonce point's x is at least the group order (odds about 2^-128): Ethereum's v cannot
   *     express that signature
   */
  @Override
  public Signature sign(byte[] digest, PrivateKey key) {
    requireDigest(digest);
    byte[] secret = key.toBytes();
    byte[] compact;
    try {
      compact = secp.sign(digest, secret);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
    Optional<Address> signer = Optional.of(key.address());
    for (int recoveryId = 0; recoveryId <= 1; recoveryId++) {
      byte[] rsv = Arrays.copyOf(compact, 65);
      rsv[64] = (byte) recoveryId;
      Signature candidate = Signature.of(rsv);
      if (recoverAddress(digest, candidate).equals(signer)) {
        return candidate;
      }
    }
    throw new IllegalStateException("libsecp256k1 gave a signature that no v recovers");
  }

  private static void requireDigest(byte[] digest) {
    if (digest.length != 32) {
      throw new IllegalArgumentException("a digest has 32 bytes, not " + digest.length);
    }
  }
}
