package io.vigil.core.chain;

import java.math.BigInteger;

/**
 * The latest block with the figures that price the next one: its base fee (zero before London), the
 * gas it used and its gas limit.
 */
public record HeadBlock(BlockRef block, BigInteger baseFeePerGas, long gasUsed, long gasLimit) {

  public HeadBlock {
    baseFeePerGas = baseFeePerGas == null ? BigInteger.ZERO : baseFeePerGas;
  }

  public static HeadBlock of(
      BlockRef block, BigInteger baseFeePerGas, long gasUsed, long gasLimit) {
    return new HeadBlock(block, baseFeePerGas, gasUsed, gasLimit);
  }
}
