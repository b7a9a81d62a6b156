package io.vigil.core.crypto;

import java.security.SignatureException;
import java.util.Arrays;
import java.util.Optional;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * Ethereum personal-message signatures (EIP-191, {@code personal_sign}): what a wallet produces
 * when asked to sign a text, as a 65-byte r‖s‖v hex string.
 */
public final class PersonalSignatures {

  private PersonalSignatures() {}

  /** Signs {@code message} as a personal message; 0x and 130 hex digits. */
  public static String sign(byte[] message, ECKeyPair keys) {
    Sign.SignatureData signature = Sign.signPrefixedMessage(message, keys);
    byte[] bytes = new byte[65];
    System.arraycopy(signature.getR(), 0, bytes, 0, 32);
    System.arraycopy(signature.getS(), 0, bytes, 32, 32);
    bytes[64] = signature.getV()[0];
    return Numeric.toHexString(bytes);
  }

  /**
   * The lower-case address that signed {@code message}, or empty when the signature is unusable.
   */
  public static Optional<String> recover(byte[] message, String signatureHex) {
    if (signatureHex == null || !signatureHex.matches("0x[0-9a-fA-F]{130}")) {
      return Optional.empty();
    }
    byte[] bytes = Numeric.hexStringToByteArray(signatureHex);
    byte v = bytes[64];
    if (v < 27) {
      v += 27;
    }
    Sign.SignatureData data =
        new Sign.SignatureData(
            v, Arrays.copyOfRange(bytes, 0, 32), Arrays.copyOfRange(bytes, 32, 64));
    try {
      return Optional.of("0x" + Keys.getAddress(Sign.signedPrefixedMessageToKey(message, data)));
    } catch (SignatureException | RuntimeException unusable) {
      return Optional.empty();
    }
  }
}
