package io.vigil.core.chain;

import io.vigil.core.messaging.ChannelEvent;
import java.util.List;

/**
 * A block as the chain listeners see it: its reference and the hub events it holds, in log order. A
 * consumer fed from Kafka sees only the events of its own channels.
 */
public record ChainBlock(BlockRef block, List<ChannelEvent> events) {

  public ChainBlock {
    events = List.copyOf(events);
  }

  public static ChainBlock of(BlockRef block, List<ChannelEvent> events) {
    return new ChainBlock(block, events);
  }
}
