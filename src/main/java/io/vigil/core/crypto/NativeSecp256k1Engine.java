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

  /** p - n for secp256k1: an x coordinate below it may have been reduced modulo n. */
  private static final BigInteger OVERFLOW_BOUND =
      new BigInteger("14551231950b75fc4402da1722fc9baee", 16);

  private final fr.acinq.secp256k1.Secp256k1 secp;
  private volatile KeyPair lastKey;

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

  @Override
  public Signature sign(byte[] digest, PrivateKey key) {
    requireDigest(digest);
    byte[] secret = key.toBytes();
    byte[] compact = secp.sign(digest, secret);
    byte[] publicKey = publicKey(key, secret);
    byte[] r = Arrays.copyOfRange(compact, 0, 32);
    byte[] s = Arrays.copyOfRange(compact, 32, 64);
    Signature even = Signature.of(r, s, 27);
    Optional<byte[]> recovered = recoverPublicKey(digest, even);
    if (recovered.isPresent() && Arrays.equals(recovered.get(), publicKey)) {
      return even;
    }
    Signature odd = Signature.of(r, s, 28);
    // The recovery id is the parity of R's y unless R's x overflowed the group order, which is
    // only possible when r < p - n (odds about 2^-128); then the odd candidate is checked as well.
    if (new BigInteger(1, r).compareTo(OVERFLOW_BOUND) >= 0) {
      return odd;
    }
    recovered = recoverPublicKey(digest, odd);
    if (recovered.isPresent() && Arrays.equals(recovered.get(), publicKey)) {
      return odd;
    }
    throw new IllegalStateException("no recovery id reproduces the signing key");
  }

  /** The 64-byte public key of {@code key}, kept for the key signed with last (the receipt key). */
  private byte[] publicKey(PrivateKey key, byte[] secret) {
    KeyPair last = lastKey;
    if (last != null && last.key().equals(key)) {
      return last.publicKey();
    }
    byte[] created = secp.pubkeyCreate(secret);
    byte[] publicKey = Arrays.copyOfRange(created, 1, 65);
    lastKey = new KeyPair(key, publicKey);
    return publicKey;
  }

  private record KeyPair(PrivateKey key, byte[] publicKey) {}

  private static void requireDigest(byte[] digest) {
    if (digest.length != 32) {
      throw new IllegalArgumentException("a digest has 32 bytes, not " + digest.length);
    }
  }
}
