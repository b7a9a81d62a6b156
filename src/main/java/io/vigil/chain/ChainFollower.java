package io.vigil.chain;

import io.vigil.core.chain.BlockRef;
import io.vigil.core.chain.ChainBlock;
import io.vigil.core.chain.ChainListener;
import io.vigil.core.messaging.ChannelEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps the stored cursor on the node's canonical chain: connects new confirmed blocks, and on a
 * reorg (detected by parent hash) disconnects the abandoned blocks newest first before connecting
 * their replacements. Listeners are told before the store moves, so a crash in between makes them
 * hear the same block again, never miss one. A node without a block at the cursor's height (an
 * endpoint that lags behind the one the cursor came from) makes the cursor wait, not step back,
 * unless its newest block contradicts the stored block at that height.
 */
public final class ChainFollower {

  private final ChainReader chain;
  private final ChainStore store;
  private final List<ChainListener> listeners;
  private final Settings settings;

  /** What the follower needs to know about its configuration. */
  public record Settings(int confirmations, Optional<Long> startBlock, int window, int safeDepth) {

    public static Settings of(ChainMonitorConfig config) {
      return new Settings(
          config.confirmations(), config.startBlock(), config.reorgWindow(), config.safeDepth());
    }
  }

  /** What one call to {@link #advance} did. */
  public record Progress(
      long head, long target, Optional<BlockRef> cursor, int connected, int disconnected) {

    /** True when the cursor reached the confirmed head. */
    public boolean caughtUp() {
      return cursor.map(c -> c.number() >= target).orElse(false);
    }
  }

  /** The follower cannot go on without an operator: the reorg is deeper than the stored window. */
  public static final class ReorgTooDeep extends IllegalStateException {
    public ReorgTooDeep(BlockRef block) {
      super(
          "reorg deeper than the stored window: parent of block "
              + block.number()
              + " "
              + block.hash()
              + " is not stored; raise vigil.chain.monitor.reorg-window and reset the cursor");
    }
  }

  public ChainFollower(
      ChainReader chain, ChainStore store, List<ChainListener> listeners, Settings settings) {
    this.chain = chain;
    this.store = store;
    this.listeners = List.copyOf(listeners);
    this.settings = settings;
  }

  /** Moves towards the confirmed head by at most {@code maxBlocks} connected blocks. */
  public Progress advance(int maxBlocks) {
    long head = chain.headNumber();
    long target = head - settings.confirmations();
    int connected = 0;
    int disconnected = 0;
    Optional<BlockRef> cursor = store.cursor();
    if (cursor.isEmpty()) {
      long start = settings.startBlock().orElse(Math.max(target, 0));
      if (start > target) {
        return new Progress(head, target, cursor, 0, 0);
      }
      BlockRef first = chain.block(start).orElseThrow();
      connect(first);
      connected++;
      cursor = Optional.of(first);
    }
    // The cursor itself may have been abandoned (a reorg to an equal or shorter chain).
    while (true) {
      BlockRef current = cursor.orElseThrow();
      Optional<BlockRef> canonical = chain.block(current.number());
      if (canonical.isPresent() && canonical.get().hash().equals(current.hash())) {
        break;
      }
      if (canonical.isEmpty() && !onShorterBranch(current)) {
        // The node has not reached the cursor yet (a lagging endpoint): nothing was abandoned.
        return new Progress(head, target, cursor, connected, disconnected);
      }
      cursor = disconnect(current);
      disconnected++;
    }
    while (connected < maxBlocks && cursor.orElseThrow().number() < target) {
      BlockRef current = cursor.orElseThrow();
      long rangeEnd = Math.min(target - settings.safeDepth(), current.number() + maxBlocks);
      if (rangeEnd > current.number() + 1) {
        BlockRef end = chain.block(rangeEnd).orElseThrow();
        connected += connectRange(current.number() + 1, end);
        cursor = Optional.of(end);
        continue;
      }
      Optional<BlockRef> next = chain.block(current.number() + 1);
      if (next.isEmpty()) {
        break; // the node went back between the head call and this one; retry next round
      }
      if (!next.get().parentHash().equals(current.hash())) {
        cursor = disconnect(current);
        disconnected++;
        continue;
      }
      connect(next.get());
      connected++;
      cursor = next;
    }
    return new Progress(head, target, cursor, connected, disconnected);
  }

  /**
   * Whether a node without a block at the cursor's height is on another, shorter branch rather than
   * merely behind: only when its newest block contradicts the block stored at that height. Anything
   * less (the node's head has moved on since, or either side has no block there) is no evidence of
   * a reorg, and the cursor waits for the next round.
   */
  private boolean onShorterBranch(BlockRef cursor) {
    long nodeHead = chain.headNumber();
    if (nodeHead >= cursor.number()) {
      return false;
    }
    Optional<BlockRef> theirs = chain.block(nodeHead);
    Optional<BlockRef> ours = store.block(nodeHead);
    return theirs.isPresent() && ours.isPresent() && !theirs.get().hash().equals(ours.get().hash());
  }

  private void connect(BlockRef block) {
    List<ChannelEvent> events = chain.events(block);
    ChainBlock connected = ChainBlock.of(block, events);
    listeners.forEach(listener -> listener.blockConnected(connected));
    store.connect(block, events, settings.window());
  }

  /**
   * Connects old blocks in one eth_getLogs range: every block with events is announced, and the
   * cursor jumps to {@code end}. Blocks this deep are not expected to reorg; only the end block is
   * kept for parent-hash checks.
   */
  private int connectRange(long from, BlockRef end) {
    List<ChannelEvent> events = chain.events(from, end.number());
    Map<String, List<ChannelEvent>> byBlock = new LinkedHashMap<>();
    for (ChannelEvent event : events) {
      byBlock.computeIfAbsent(event.blockHash(), hash -> new ArrayList<>()).add(event);
    }
    for (List<ChannelEvent> blockEvents : byBlock.values()) {
      ChannelEvent first = blockEvents.get(0);
      if (first.blockNumber() == end.number()) {
        continue; // announced with the end block below
      }
      BlockRef ref = BlockRef.of(first.blockNumber(), first.blockHash(), null, 0);
      ChainBlock connected = ChainBlock.of(ref, blockEvents);
      listeners.forEach(listener -> listener.blockConnected(connected));
    }
    List<ChannelEvent> endEvents = byBlock.getOrDefault(end.hash(), List.of());
    ChainBlock last = ChainBlock.of(end, endEvents);
    listeners.forEach(listener -> listener.blockConnected(last));
    store.connect(end, endEvents, settings.window());
    return (int) (end.number() - from + 1);
  }

  private Optional<BlockRef> disconnect(BlockRef block) {
    List<ChannelEvent> retracted =
        store.eventsOf(block).stream().map(ChannelEvent::retraction).toList();
    ChainBlock gone = ChainBlock.of(block, retracted);
    listeners.forEach(listener -> listener.blockDisconnected(gone));
    if (!store.disconnect(block)) {
      throw new ReorgTooDeep(block);
    }
    return store.cursor();
  }
}
