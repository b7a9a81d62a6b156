package io.vigil.router.reactive;

import io.vigil.core.crypto.PersonalSignatures;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.web3j.crypto.ECKeyPair;

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
        PersonalSignatures.sign(payload(unsigned), keys));
  }

  /** The lower-case address that signed the bundle, or empty when the signature is unusable. */
  public static Optional<String> signer(Bundle bundle) {
    return recover(payload(bundle), bundle.signature());
  }

  /** Recovers the signer of an EIP-191 personal message from a 65-byte r‖s‖v hex signature. */
  public static Optional<String> recover(byte[] message, String signatureHex) {
    return PersonalSignatures.recover(message, signatureHex);
  }
}
