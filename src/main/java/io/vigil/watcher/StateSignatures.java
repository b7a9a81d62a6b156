package io.vigil.watcher;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * The signature work of the watcher, done with the hub's EIP-712 domain: recovering who signed a
 * channel state or a hunter authorization, and signing delegation receipts with Vigil's key.
 */
public interface StateSignatures {

  /**
   * The addresses that signed this state with party A's and party B's signatures, in that order;
   * empty where a signature is malformed. The state's digest is computed once for both.
   */
  List<Optional<String>> stateSigners(
      String channelId,
      long nonce,
      BigInteger balanceA,
      BigInteger balanceB,
      byte[] signatureA,
      byte[] signatureB);

  /** The address that authorized {@code hunter} for this channel, or empty when malformed. */
  Optional<String> hunterAuthorizer(String channelId, String hunter, byte[] signature);

  /** Signs a delegation receipt (EIP-712 DelegationReceipt) with the receipt key. */
  byte[] signReceipt(String channelId, long nonce, long acceptedAtBlock);

  /** Address of the receipt key, so clients know whose signature to expect. */
  String receiptSigner();
}
