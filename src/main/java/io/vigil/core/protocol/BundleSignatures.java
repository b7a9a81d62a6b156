package io.vigil.core.protocol;

import io.vigil.core.crypto.PersonalSignatures;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
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
            .append(line("\n", bundle.node(), bundle.tableId(), bundle.seq(), bundle.createdAt()));
    for (BundleMessage message : bundle.messages()) {
      text.append(line(" ", message.to(), message.hash(), message.amount(), message.ttl()));
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The fields as text, {@code separator} between them and a newline after the last. */
  private static String line(String separator, Object... fields) {
    return Arrays.stream(fields)
        .map(String::valueOf)
        .collect(Collectors.joining(separator, "", "\n"));
  }

  public static Bundle sign(Bundle unsigned, ECKeyPair keys) {
    return unsigned.withSignature(PersonalSignatures.sign(payload(unsigned), keys));
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
