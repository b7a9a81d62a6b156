package io.vigil.client.chain;

import java.math.BigInteger;
import java.util.List;

/** A mined transaction's receipt: whether it succeeded, where, what gas it used, its logs. */
public record Receipt(
    String transactionHash,
    boolean succeeded,
    long blockNumber,
    BigInteger gasUsed,
    BigInteger effectiveGasPrice,
    List<LogEntry> logs) {

  public Receipt {
    logs = List.copyOf(logs);
  }

  /** What the transaction paid for gas, in wei. */
  public BigInteger fee() {
    return gasUsed.multiply(effectiveGasPrice);
  }
}
