package io.vigil.watcher;

import io.vigil.core.chain.BlockRef;
import java.math.BigInteger;

/** The newest block of the chain as the watcher's node sees it (number, time and fees). */
public interface ChainHead {

  /** The newest block; may be up to {@code vigil.watcher.head-cache-time} old. */
  BlockRef latest();

  /**
   * The base fee (wei per gas) of the block after {@link #latest()}, from the same read; zero on a
   * chain without one.
   */
  BigInteger nextBaseFee();
}
