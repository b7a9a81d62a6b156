package io.vigil.chain;

import io.vigil.core.chain.BlockRef;
import io.vigil.core.chain.ChainBlock;
import io.vigil.core.chain.ChainListener;
import io.vigil.core.chain.RangeRead;
import io.vigil.core.messaging.ChannelEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Keeps the stored cursor on the node's canonical chain: connects new confirmed blocks, and on a
 * reorg (detected by parent hash) disconnects the abandoned blocks newest first before connecting
 * their replacements. Listeners are told before the store moves, so a crash in between makes them
 * hear the same block again, never miss one. A node without a block at the cursor's height (an
 * endpoint that lags behind the one the cursor came from) makes the cursor wait, not step back,
 * unless its newest block contradicts the stored block at that height.
 *
 * <p>Each step asks everything it reads in one call to {@link ChainReader#read} (one JSON-RPC batch
 * with the production reader): the node answers it in one round trip, without reads of the same
 * step competing with each other for its time.
 */
public final class ChainFollower {

  private final ChainReader chain;
  private final ChainStore store;
  private final List<ChainListener> listeners;
  private final Settings settings;

  /** What the follower needs to know about its configuration. */
  public record Settings(
      int confirmations, Optional<Long> startBlock, int window, int safeDepth, int rangesPerStep) {

    public Settings {
      if (rangesPerStep < 1) {
        throw new IllegalArgumentException("rangesPerStep must be at least 1");
      }
    }

    /** With the default of at most 8 old ranges per step. */
    public Settings(int confirmations, Optional<Long> startBlock, int window, int safeDepth) {
      this(confirmations, startBlock, window, safeDepth, 8);
    }

    public static Settings of(ChainMonitorConfig config) {
      return new Settings(
          config.confirmations(),
          config.startBlock(),
          config.reorgWindow(),
          config.safeDepth(),
          config.rangesPerStep());
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

  /**
   * Moves towards the confirmed head, asked of the node, by at most {@code maxBlocks} connected
   * blocks.
   *
   * @see #advance(int, OptionalLong)
   */
  public Progress advance(int maxBlocks) {
    return advance(maxBlocks, OptionalLong.empty());
  }

  /**
   * Moves towards the confirmed head by at most {@code maxBlocks} connected blocks (a round may
   * connect a few more when a range ends beyond that). The head is {@code knownHead} when given
   * (the number of a head the node pushed), sparing the head call; it only sets how far to look:
   * every block is still read from the node by height and linked by parent hash, so a head the node
   * has not got (yet) connects nothing past the node's own blocks.
   *
   * <p>Each step asks, in one {@link ChainReader#read}, the header at the cursor (to confirm it is
   * still canonical), the header ending the old part and those of the newest {@code safeDepth}
   * blocks, with the logs of the old part in ranges of at most the reader's log range (at most
   * {@code rangesPerStep} of them; a longer old part takes several steps) and the logs of the
   * newest blocks. Nothing is applied before the cursor is confirmed, and range results are applied
   * in block order.
   */
  public Progress advance(int maxBlocks, OptionalLong knownHead) {
    long head = knownHead.isPresent() ? knownHead.getAsLong() : chain.headNumber();
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
      connect(first, chain.events(first));
      connected++;
      cursor = Optional.of(first);
    }
    // Until the cursor is confirmed canonical it may have been abandoned (a reorg to an equal or
    // shorter chain); once confirmed, each newer block's parent hash carries the check.
    boolean confirmed = false;
    while (true) {
      BlockRef current = cursor.orElseThrow();
      boolean moving = connected < maxBlocks && current.number() < target;
      if (confirmed && !moving) {
        break;
      }
      long logRange = Math.max(1, chain.logRange());
      Step step =
          moving
              ? Step.plan(
                  current.number(),
                  target,
                  maxBlocks - connected,
                  settings.safeDepth(),
                  saturatedProduct(logRange, settings.rangesPerStep()))
              : Step.NONE;
      List<Long> numbers = new ArrayList<>();
      if (!confirmed) {
        numbers.add(current.number());
      }
      numbers.addAll(step.headers());
      List<long[]> oldRanges = LogRanges.split(step.rangeFrom(), step.rangeTo(), logRange);
      List<long[]> tailRanges = LogRanges.split(step.tailFrom(), step.tailTo(), logRange);
      List<long[]> ranges = new ArrayList<>(oldRanges);
      ranges.addAll(tailRanges);
      ChainReader.Answers answers = chain.read(numbers, ranges);
      List<Optional<BlockRef>> headers = answers.headers();
      List<RangeRead<ChannelEvent>> oldEvents = answers.ranges().subList(0, oldRanges.size());
      List<RangeRead<ChannelEvent>> tailEvents =
          answers.ranges().subList(oldRanges.size(), ranges.size());
      int next = 0;
      if (!confirmed) {
        Optional<BlockRef> canonical = headers.get(next++);
        if (canonical.isEmpty() || !canonical.get().hash().equals(current.hash())) {
          // The other answers of this step are dropped unread.
          if (canonical.isEmpty() && !onShorterBranch(current)) {
            // The node has not reached the cursor yet (a lagging endpoint): nothing abandoned.
            return new Progress(head, target, cursor, connected, disconnected);
          }
          cursor = disconnect(current);
          disconnected++;
          continue;
        }
        confirmed = true;
        if (!moving) {
          break;
        }
      }
      if (step.hasRange()) {
        Optional<BlockRef> end = headers.get(next++);
        if (end.isEmpty()) {
          break; // the node went back between the head call and this one; retry next round
        }
        connected += connectRange(step.rangeFrom(), end.get(), joined(oldEvents));
        cursor = end;
      }
      // The newest blocks: each must name the previous one as its parent.
      List<BlockRef> linked = new ArrayList<>();
      BlockRef previous = cursor.orElseThrow();
      boolean contradicted = false;
      boolean missing = false;
      for (; next < headers.size(); next++) {
        Optional<BlockRef> block = headers.get(next);
        if (block.isEmpty()) {
          missing = true; // the node went back since the head call; retry next round
          break;
        }
        if (!block.get().parentHash().equals(previous.hash())) {
          contradicted = true;
          break;
        }
        linked.add(block.get());
        previous = block.get();
      }
      if (!linked.isEmpty()) {
        List<List<ChannelEvent>> events = newestEvents(linked, tailEvents);
        for (int i = 0; i < linked.size(); i++) {
          connect(linked.get(i), events.get(i));
          connected++;
        }
        cursor = Optional.of(previous);
      }
      if (contradicted) {
        cursor = disconnect(cursor.orElseThrow());
        disconnected++;
      } else if (missing) {
        break;
      }
    }
    return new Progress(head, target, cursor, connected, disconnected);
  }

  /**
   * One step's reads from a confirmed cursor: an old part read in log ranges (when more than one
   * block lies below the safe depth), ending at a block whose header is asked with the batch, then
   * up to {@code safeDepth} newest blocks whose headers are asked in the same batch.
   */
  private record Step(long rangeFrom, long rangeTo, long tailFrom, long tailTo) {

    static final Step NONE = new Step(1, 0, 1, 0);

    /**
     * The step from {@code cursor} towards {@code target} connecting at most {@code budget} blocks,
     * whose old part (below {@code safeDepth}) spans at most {@code rangeBlocks}. The newest blocks
     * are planned only once no old block is left below them.
     */
    static Step plan(long cursor, long target, long budget, int safeDepth, long rangeBlocks) {
      long oldEnd = target - safeDepth;
      long rangeTo = Math.min(oldEnd, cursor + Math.min(budget, rangeBlocks));
      if (rangeTo > cursor + 1) {
        long left = budget - (rangeTo - cursor);
        long tailTo =
            rangeTo < oldEnd ? rangeTo : rangeTo + Math.max(0, Math.min(target - rangeTo, left));
        return new Step(cursor + 1, rangeTo, rangeTo + 1, tailTo);
      }
      // At most one old block: follow block by block, only that one while older ones remain.
      long tailTo = cursor + Math.max(0, Math.min(target - cursor, budget));
      return new Step(1, 0, cursor + 1, rangeTo < oldEnd ? Math.min(tailTo, rangeTo) : tailTo);
    }

    boolean hasRange() {
      return rangeTo >= rangeFrom;
    }

    /** Heights whose headers the batch asks: the end of the old part, then the newest blocks. */
    List<Long> headers() {
      List<Long> numbers = new ArrayList<>();
      if (hasRange()) {
        numbers.add(rangeTo);
      }
      for (long n = tailFrom; n <= tailTo; n++) {
        numbers.add(n);
      }
      return numbers;
    }
  }

  private static long saturatedProduct(long a, long b) {
    return a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
  }

  /**
   * The events of consecutive ranges in chain order. The first failed range, in block order, is
   * thrown as it was raised, and nothing of the span is returned.
   */
  private static List<ChannelEvent> joined(List<RangeRead<ChannelEvent>> ranges) {
    List<ChannelEvent> all = new ArrayList<>();
    for (RangeRead<ChannelEvent> range : ranges) {
      all.addAll(range.get());
    }
    return all;
  }

  /**
   * The events of the newest blocks, each pinned to its header's hash: taken from the range read of
   * their heights when it holds logs of that very block, nothing when the header proves the block
   * holds none, and otherwise asked by block hash in one batch (a bloom's false positive, a range
   * answered from another branch or a failed range read all end there).
   */
  private List<List<ChannelEvent>> newestEvents(
      List<BlockRef> blocks, List<RangeRead<ChannelEvent>> tail) {
    Map<String, List<ChannelEvent>> byHash = new HashMap<>();
    try {
      for (ChannelEvent event : joined(tail)) {
        byHash.computeIfAbsent(event.blockHash(), hash -> new ArrayList<>()).add(event);
      }
    } catch (RuntimeException unread) {
      byHash.clear(); // every block that may hold events is asked by hash below
    }
    List<List<ChannelEvent>> events = new ArrayList<>(blocks.size());
    List<BlockRef> asked = new ArrayList<>();
    for (BlockRef block : blocks) {
      List<ChannelEvent> found = byHash.get(block.hash());
      if (found == null && chain.mayHoldEvents(block)) {
        asked.add(block);
      }
      events.add(found == null ? List.of() : found);
    }
    if (!asked.isEmpty()) {
      List<List<ChannelEvent>> answers = chain.events(asked);
      for (int i = 0; i < asked.size(); i++) {
        events.set(blocks.indexOf(asked.get(i)), answers.get(i));
      }
    }
    return events;
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

  private void connect(BlockRef block, List<ChannelEvent> events) {
    ChainBlock connected = ChainBlock.of(block, events);
    listeners.forEach(listener -> listener.blockConnected(connected));
    store.connect(block, events, settings.window());
  }

  /**
   * Connects old blocks from their range reads ({@code events}, in chain order): every block with
   * events is announced, and the cursor jumps to {@code end}. Blocks this deep are not expected to
   * reorg; only the end block is kept for parent-hash checks.
   */
  private int connectRange(long from, BlockRef end, List<ChannelEvent> events) {
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
