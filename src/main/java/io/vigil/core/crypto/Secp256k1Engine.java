package io.vigil.core.crypto;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;
import org.web3j.crypto.Hash;

/**
 * Recovers signers from secp256k1 signatures and signs digests. Two implementations give the same
 * answers: the native libsecp256k1 (through the fr.acinq JNI binding), used whenever its library
 * loads, and BouncyCastle (through web3j), the fallback.
 */
public sealed interface Secp256k1Engine permits NativeSecp256k1Engine, BouncyCastleSecp256k1Engine {

  /** The order n of secp256k1's group: private keys, nonces and signature scalars are below it. */
  BigInteger ORDER =
      new BigInteger("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 16);

  /** n / 2: a signature whose s is above it is the malleable twin of a valid one. */
  BigInteger HALF_ORDER = ORDER.shiftRight(1);

  /** "native" or "bouncycastle". */
  String name();

  /**
   * The 64-byte uncompressed public key (x || y) that produced {@code signature} over the 32-byte
   * {@code digest}, or empty when the signature recovers to no key.
   */
  Optional<byte[]> recoverPublicKey(byte[] digest, Signature signature);

  /**
   * Deterministic (RFC 6979) low-s signature of a 32-byte digest, the same bytes from both engines.
   */
  Signature sign(byte[] digest, PrivateKey key);

  /** The account whose key produced {@code signature}, or empty when none recovers. */
  default Optional<Address> recoverAddress(byte[] digest, Signature signature) {
    return recoverPublicKey(digest, signature).map(Secp256k1Engine::addressOf);
  }

  /** The account address of a 64-byte uncompressed public key. */
  static Address addressOf(byte[] publicKey64) {
    byte[] hash = Hash.sha3(publicKey64);
    return Address.of(Arrays.copyOfRange(hash, 12, 32));
  }

  /** The native engine when its library loads in this process, otherwise BouncyCastle. */
  static Secp256k1Engine best() {
    return Holder.BEST;
  }

  /** Chooses with an explicit native loader, so the fallback can be exercised. */
  static Secp256k1Engine select(Supplier<fr.acinq.secp256k1.Secp256k1> nativeLoader) {
    Optional<NativeSecp256k1Engine> loaded = NativeSecp256k1Engine.load(nativeLoader);
    if (loaded.isPresent()) {
      return loaded.get();
    }
    System.getLogger(Secp256k1Engine.class.getName())
        .log(
            System.Logger.Level.WARNING,
            "native secp256k1 did not load; signing and signature recovery fall back to"
                + " BouncyCastle, which is not constant-time");
    return new BouncyCastleSecp256k1Engine();
  }

  /** Loads the native library once per JVM (the choice is immutable once made). */
  final class Holder {
    private static final Secp256k1Engine BEST = select(NativeSecp256k1Engine::defaultLoader);

    private Holder() {}
  }
}
