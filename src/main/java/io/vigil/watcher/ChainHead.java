package io.vigil.watcher;

import io.vigil.core.chain.BlockRef;

/** The newest block of the chain as the watcher's node sees it (number and time). */
public interface ChainHead {

  /** The newest block; may be up to {@code vigil.watcher.head-cache-time} old. */
  BlockRef latest();
}
