package io.vigil.client.hub;

import java.math.BigInteger;
import java.util.Objects;

/**
 * EIP-1559 fees of one transaction, in wei per gas: the most it may pay in all ({@code
 * maxFeePerGas}) and the most of that which goes to the block producer ({@code
 * maxPriorityFeePerGas}). The tip never exceeds the cap.
 */
public record Fees(BigInteger maxFeePerGas, BigInteger maxPriorityFeePerGas) {

  public Fees {
    Objects.requireNonNull(maxFeePerGas, "maxFeePerGas");
    Objects.requireNonNull(maxPriorityFeePerGas, "maxPriorityFeePerGas");
    if (maxPriorityFeePerGas.signum() < 0 || maxFeePerGas.signum() <= 0) {
      throw new IllegalArgumentException("fees must be positive");
    }
    if (maxPriorityFeePerGas.compareTo(maxFeePerGas) > 0) {
      throw new IllegalArgumentException("the priority fee exceeds the fee cap");
    }
  }

  public static Fees of(BigInteger maxFeePerGas, BigInteger maxPriorityFeePerGas) {
    return new Fees(maxFeePerGas, maxPriorityFeePerGas);
  }

  /** The usual suggestion: twice the base fee (room for six full blocks of rise) plus the tip. */
  public static Fees suggested(BigInteger baseFee, BigInteger tip) {
    return new Fees(baseFee.shiftLeft(1).add(tip), tip);
  }

  /** The most the transaction can cost: the fee cap times the gas limit. */
  public BigInteger ceiling(long gasLimit) {
    return maxFeePerGas.multiply(BigInteger.valueOf(gasLimit));
  }
}
