package io.vigil.client.sign;

import io.vigil.core.crypto.Address;
import io.vigil.core.crypto.Signature;
import java.nio.charset.StandardCharsets;
import org.web3j.crypto.Hash;

/**
 * The caller's key, as the kit sees it: an address and a way to sign a 32-byte digest. The kit
 * never holds a key itself; a wallet implements this over its own keystore or hardware, and {@link
 * KeySigner} holds one in memory for tests and scripts.
 */
public interface Signer {

  /** The account this signer signs for. */
  Address address();

  /**
   * A recoverable secp256k1 signature (r, s, v 27 or 28, low s) of a 32-byte digest by this
   * signer's key.
   */
  Signature signDigest(byte[] digest32);

  /** An EIP-191 personal-message signature of {@code text}, as {@code personal_sign} makes. */
  default Signature signPersonal(String text) {
    return signDigest(personalDigest(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** The digest an EIP-191 personal signature of {@code message} covers. */
  static byte[] personalDigest(byte[] message) {
    byte[] prefix =
        ("\u0019Ethereum Signed Message:\n" + message.length).getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[prefix.length + message.length];
    System.arraycopy(prefix, 0, all, 0, prefix.length);
    System.arraycopy(message, 0, all, prefix.length, message.length);
    return Hash.sha3(all);
  }
}
