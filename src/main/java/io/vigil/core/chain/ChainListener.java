package io.vigil.core.chain;

/**
 * What every consumer of the chain implements: a block joined the canonical chain, or left it in a
 * reorg. Reorgs are part of the contract: a consumer must undo, on {@link #blockDisconnected}, what
 * it did on {@link #blockConnected} for the same block, and must accept either call more than once
 * for the same block (delivery is at least once).
 */
public interface ChainListener {

  /** The block (or the part of it that concerns this consumer) is now canonical. */
  void blockConnected(ChainBlock block);

  /**
   * The block left the canonical chain; its events are carried again, marked retracted. Blocks are
   * disconnected newest first, before the replacement blocks are connected.
   */
  void blockDisconnected(ChainBlock block);
}
