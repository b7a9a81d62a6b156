package io.vigil.client.payinit;

import io.vigil.core.crypto.PrivateKey;
import java.util.Objects;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;

/** A {@link PaymentInitKey} over a private key held in this process's memory. */
final class MemoryPaymentInitKey implements PaymentInitKey {

  private final PrivateKey key;
  private final byte[] publicKey;

  MemoryPaymentInitKey(PrivateKey key) {
    this.key = Objects.requireNonNull(key, "key");
    this.publicKey = Secp256k1Points.publicKey(key.secret());
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  @Override
  public byte[] agree(byte[] ephemeralPublicKey) {
    return Secp256k1Points.agree(
        new ECPrivateKeyParameters(key.secret(), Secp256k1Points.DOMAIN),
        Secp256k1Points.point(ephemeralPublicKey));
  }

  /** Never prints the key. */
  @Override
  public String toString() {
    return "PaymentInitKey[" + address() + "]";
  }
}
