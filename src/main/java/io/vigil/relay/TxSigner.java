package io.vigil.relay;

import io.vigil.relay.fee.Fees;
import java.math.BigInteger;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;

/** Signs EIP-1559 transactions with a hot key; pure, no I/O. */
final class TxSigner {

  private TxSigner() {}

  /** A signed transaction: its hash and raw encoding (0x hex). */
  record Signed(String txHash, String raw) {}

  static Signed sign(
      Credentials key,
      long chainId,
      long nonce,
      long gasLimit,
      String to,
      BigInteger value,
      String data,
      Fees fees) {
    RawTransaction transaction =
        RawTransaction.createTransaction(
            chainId,
            BigInteger.valueOf(nonce),
            BigInteger.valueOf(gasLimit),
            to,
            value,
            data == null ? "0x" : data,
            fees.maxPriorityFeePerGas(),
            fees.maxFeePerGas());
    String raw = Numeric.toHexString(TransactionEncoder.signMessage(transaction, key));
    return new Signed(Hash.sha3(raw), raw);
  }
}
