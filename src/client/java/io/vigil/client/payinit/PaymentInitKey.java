package io.vigil.client.payinit;

import io.vigil.core.crypto.Address;
import io.vigil.core.crypto.PrivateKey;
import io.vigil.core.crypto.Secp256k1Engine;
import java.util.Arrays;

/**
 * The recipient's key, as the kit sees it for decryption: a public key to hand to senders and an
 * elliptic-curve Diffie-Hellman agreement with an envelope's ephemeral key. The private key stays
 * with the caller, as with {@link io.vigil.client.sign.Signer}: a wallet implements this over its
 * own keystore, and {@link #inMemory} holds one in memory for tests, scripts and the CLI.
 */
public interface PaymentInitKey {

  /** The uncompressed secp256k1 public key: {@code 0x04 || x || y}, 65 bytes. */
  byte[] publicKey();

  /**
   * The x coordinate (32 bytes, big-endian) of {@code d × E}, where d is this private key and E the
   * 65-byte uncompressed point {@code ephemeralPublicKey}; refuses a point not on the curve.
   */
  byte[] agree(byte[] ephemeralPublicKey);

  /** The account address of this key: the address an envelope for it is posted under. */
  default Address address() {
    byte[] key = publicKey();
    return Secp256k1Engine.addressOf(Arrays.copyOfRange(key, 1, key.length));
  }

  /** A key held in this process's memory. */
  static PaymentInitKey inMemory(PrivateKey key) {
    return new MemoryPaymentInitKey(key);
  }
}
