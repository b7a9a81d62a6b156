package io.vigil.client.hub;

import io.vigil.core.crypto.Address;
import java.util.Objects;

/**
 * A signed EIP-1559 transaction ready to send: its raw encoding ({@code 0x} hex), its hash, the
 * account that signed it and its nonce.
 */
public record SignedTransaction(String raw, String txHash, Address from, long nonce) {

  public SignedTransaction {
    Objects.requireNonNull(raw, "raw");
    Objects.requireNonNull(txHash, "txHash");
    Objects.requireNonNull(from, "from");
    if (!raw.matches("0x([0-9a-f]{2})+")) {
      throw new IllegalArgumentException("a raw transaction is 0x and lower-case hex bytes");
    }
    if (!txHash.matches("0x[0-9a-f]{64}")) {
      throw new IllegalArgumentException("a transaction hash is 32 bytes of 0x hex");
    }
    if (nonce < 0) {
      throw new IllegalArgumentException("nonce must not be negative");
    }
  }

  public static SignedTransaction of(String raw, String txHash, Address from, long nonce) {
    return new SignedTransaction(raw, txHash, from, nonce);
  }

  /** The relay's request id of this transaction ({@code raw:<txHash>}). */
  public String requestId() {
    return "raw:" + txHash;
  }
}
