package io.vigil.core.chain;

/**
 * Where a log sits on the chain. (blockHash, logIndex) identifies it uniquely; the block number and
 * hash let a consumer undo it when that block is reorganised away.
 */
public record LogPosition(
    long blockNumber, String blockHash, String transactionHash, long logIndex) {

  public static LogPosition of(
      long blockNumber, String blockHash, String transactionHash, long logIndex) {
    return new LogPosition(blockNumber, blockHash, transactionHash, logIndex);
  }
}
