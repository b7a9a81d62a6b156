package io.vigil.relay.fee;

import java.math.BigInteger;

/**
 * EIP-1559 fee fields of one transaction, wei per gas.
 *
 * @param maxFeePerGas the most paid per gas (base fee + tip)
 * @param maxPriorityFeePerGas the tip offered to the block producer
 */
public record Fees(BigInteger maxFeePerGas, BigInteger maxPriorityFeePerGas) {

  public Fees {
    if (maxPriorityFeePerGas.compareTo(maxFeePerGas) > 0) {
      throw new IllegalArgumentException("tip above the fee cap");
    }
  }

  public static Fees of(long maxFeePerGas, long maxPriorityFeePerGas) {
    return new Fees(BigInteger.valueOf(maxFeePerGas), BigInteger.valueOf(maxPriorityFeePerGas));
  }

  /** The most this transaction can cost with this gas limit. */
  public BigInteger maxCost(long gasLimit) {
    return maxFeePerGas.multiply(BigInteger.valueOf(gasLimit));
  }
}
