package io.vigil.chain;

import io.vigil.core.chain.BlockRef;
import io.vigil.core.messaging.ChannelEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The follower's store kept in memory, with the same rules as the PostgreSQL one. */
final class MemoryChainStore implements ChainStore {

  final TreeMap<Long, BlockRef> blocks = new TreeMap<>();
  final Map<String, List<ChannelEvent>> events = new HashMap<>();
  BlockRef cursor;

  @Override
  public Optional<BlockRef> cursor() {
    return Optional.ofNullable(cursor);
  }

  @Override
  public Optional<BlockRef> block(long number) {
    return Optional.ofNullable(blocks.get(number));
  }

  @Override
  public void connect(BlockRef block, List<ChannelEvent> published, int window) {
    blocks.tailMap(block.number(), true).clear();
    blocks.put(block.number(), block);
    events.put(block.hash(), new ArrayList<>(published));
    cursor = block;
    blocks.headMap(block.number() - window).clear();
  }

  @Override
  public List<ChannelEvent> eventsOf(BlockRef block) {
    return events.getOrDefault(block.hash(), List.of());
  }

  @Override
  public boolean disconnect(BlockRef block) {
    BlockRef parent = blocks.get(block.number() - 1);
    if (parent == null || !parent.hash().equals(block.parentHash())) {
      return false;
    }
    blocks.remove(block.number());
    events.remove(block.hash());
    cursor = parent;
    return true;
  }
}
