package io.vigil.chain;

import io.vigil.core.chain.BlockRef;
import io.vigil.core.messaging.ChannelEvent;
import java.util.List;
import java.util.Optional;

/** What the follower needs from the node: heads, block headers and the hub's decoded logs. */
public interface ChainReader {

  /** Number of the newest block the node has. */
  long headNumber();

  /** The canonical block at this height, or empty when the node has none. */
  Optional<BlockRef> block(long number);

  /** The hub's events in exactly this block (queried by block hash), in log order. */
  List<ChannelEvent> events(BlockRef block);

  /** The hub's events in blocks {@code from..to}, inclusive on both ends, in chain order. */
  List<ChannelEvent> events(long from, long to);
}
