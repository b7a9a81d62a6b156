package io.vigil.client.sign;

import io.vigil.core.crypto.Address;
import io.vigil.core.crypto.PrivateKey;
import io.vigil.core.crypto.Secp256k1Engine;
import io.vigil.core.crypto.Signature;
import java.util.Objects;

/**
 * A signer over a private key held in this process's memory: for tests, scripts and the CLI. A
 * wallet with a real keystore implements {@link Signer} instead. Signing is deterministic (RFC
 * 6979) and constant-time when the native secp256k1 library loads.
 */
public final class KeySigner implements Signer {

  private final PrivateKey key;
  private final Secp256k1Engine engine;

  private KeySigner(PrivateKey key, Secp256k1Engine engine) {
    this.key = Objects.requireNonNull(key, "key");
    this.engine = Objects.requireNonNull(engine, "engine");
  }

  /** A signer for a 32-byte private key given as 0x hex. */
  public static KeySigner of(String privateKeyHex) {
    return of(PrivateKey.of(privateKeyHex));
  }

  public static KeySigner of(PrivateKey key) {
    return new KeySigner(key, Secp256k1Engine.best());
  }

  @Override
  public Address address() {
    return key.address();
  }

  @Override
  public Signature signDigest(byte[] digest32) {
    if (digest32 == null || digest32.length != 32) {
      throw new IllegalArgumentException("a digest to sign is 32 bytes");
    }
    return engine.sign(digest32, key);
  }

  /** Never prints the key. */
  @Override
  public String toString() {
    return "KeySigner[" + address() + "]";
  }
}
