package io.vigil.router.reactive;

import java.nio.charset.StandardCharsets;
import java.security.SignatureException;
import java.util.Arrays;
import java.util.Optional;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * In charge of signing bundles with the node key and recovering who signed a peer's bundle. The
 * signature is an Ethereum personal-message signature (EIP-191) over a canonical text of the bundle
 * (see {@link #payload}); other signed texts of the router (landmark ROUTING messages,
 * originations) use the same signature and recovery.
 */
public final class BundleSignatures {

  private BundleSignatures() {}

  /** Canonical text: one line per field, then one line per message in order. */
  public static byte[] payload(Bundle bundle) {
    StringBuilder text =
        new StringBuilder("vigil-bundle/1\n")
            .append(bundle.node())
            .append('\n')
            .append(bundle.tableId())
            .append('\n')
            .append(bundle.seq())
            .append('\n')
            .append(bundle.createdAt())
            .append('\n');
    for (BundleMessage message : bundle.messages()) {
      text.append(message.to())
          .append(' ')
          .append(message.hash())
          .append(' ')
          .append(message.amount())
          .append(' ')
          .append(message.ttl())
          .append('\n');
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  public static Bundle sign(Bundle unsigned, ECKeyPair keys) {
    return new Bundle(
        unsigned.node(),
        unsigned.tableId(),
        unsigned.seq(),
        unsigned.createdAt(),
        unsigned.messages(),
        signPersonal(payload(unsigned), keys));
  }

  /** An EIP-191 personal signature of {@code message}: 65 bytes r‖s‖v as {@code 0x} hex. */
  static String signPersonal(byte[] message, ECKeyPair keys) {
    Sign.SignatureData signature = Sign.signPrefixedMessage(message, keys);
    byte[] bytes = new byte[65];
    System.arraycopy(signature.getR(), 0, bytes, 0, 32);
    System.arraycopy(signature.getS(), 0, bytes, 32, 32);
    bytes[64] = signature.getV()[0];
    return Numeric.toHexString(bytes);
  }

  /** The lower-case address that signed the bundle, or empty when the signature is unusable. */
  public static Optional<String> signer(Bundle bundle) {
    return recover(payload(bundle), bundle.signature());
  }

  /** Recovers the signer of an EIP-191 personal message from a 65-byte r‖s‖v hex signature. */
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
