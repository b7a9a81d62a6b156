package io.vigil.chain;

import io.vigil.core.chain.BlockRef;
import io.vigil.core.messaging.ChannelEvent;
import java.util.List;
import java.util.Optional;

/** Durable memory of the follower: the cursor, the recent blocks and their published events. */
public interface ChainStore {

  /** The last processed block, or empty before the first start. */
  Optional<BlockRef> cursor();

  /**
   * Records a block as processed, with the events published from it, and moves the cursor to it;
   * atomically. Blocks older than {@code window} below it are forgotten.
   */
  void connect(BlockRef block, List<ChannelEvent> events, int window);

  /**
   * The recent block stored at this height, or empty when none is kept there (older than the
   * window, or inside a range connected in one step). A store that keeps no such index answers
   * empty, which only makes the follower wait where it could have told a lagging node from a
   * shorter branch.
   */
  default Optional<BlockRef> block(long number) {
    return Optional.empty();
  }

  /** The events published from a recent block (for retraction), in log order. */
  List<ChannelEvent> eventsOf(BlockRef block);

  /**
   * Forgets the cursor block and moves the cursor to its stored parent, atomically. Returns false
   * when the parent is not stored (the reorg is deeper than the window).
   */
  boolean disconnect(BlockRef block);
}
