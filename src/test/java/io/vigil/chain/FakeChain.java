package io.vigil.chain;

import io.vigil.core.chain.BlockRef;
import io.vigil.core.chain.LogPosition;
import io.vigil.core.messaging.ChannelEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory chain for the follower's unit tests: blocks with seeded hashes, branches that
 * replace the tip (reorgs), and one CloseStarted-like event per block that asks for it.
 */
final class FakeChain implements ChainReader {

  private final List<BlockRef> canonical = new ArrayList<>();
  private final Map<String, List<ChannelEvent>> eventsByHash = new HashMap<>();
  private int branch;
  private int hidden;

  /** Range reads asked so far; they may run on several threads at once. */
  final AtomicInteger rangeCalls = new AtomicInteger();

  int blockCalls;

  FakeChain() {
    canonical.add(BlockRef.of(0, hash(0, 0), hash(-1, 0), 1_000));
  }

  /**
   * Mines {@code count} blocks on the current branch; each gets one event when {@code withEvent}.
   */
  FakeChain mine(int count, boolean withEvent) {
    for (int i = 0; i < count; i++) {
      BlockRef parent = canonical.get(canonical.size() - 1);
      long number = parent.number() + 1;
      BlockRef block =
          BlockRef.of(number, hash(number, branch), parent.hash(), parent.timestamp() + 12);
      canonical.add(block);
      if (withEvent) {
        eventsByHash.put(block.hash(), List.of(event(block, 0)));
      }
    }
    return this;
  }

  /** Drops the newest {@code depth} blocks and starts a new branch from there. */
  FakeChain reorg(int depth) {
    for (int i = 0; i < depth; i++) {
      canonical.remove(canonical.size() - 1);
    }
    branch++;
    return this;
  }

  /**
   * From now on answers like a node {@code blocks} behind: the newest blocks are neither the head
   * nor returned by number (0: the whole chain again).
   */
  FakeChain lagBy(int blocks) {
    hidden = blocks;
    return this;
  }

  BlockRef tip() {
    return canonical.get(canonical.size() - 1);
  }

  BlockRef at(long number) {
    return canonical.get((int) number);
  }

  @Override
  public long headNumber() {
    return tip().number() - hidden;
  }

  @Override
  public Optional<BlockRef> block(long number) {
    blockCalls++;
    return number < canonical.size() - hidden
        ? Optional.of(canonical.get((int) number))
        : Optional.empty();
  }

  @Override
  public List<ChannelEvent> events(BlockRef block) {
    return eventsByHash.getOrDefault(block.hash(), List.of());
  }

  @Override
  public List<ChannelEvent> events(long from, long to) {
    rangeCalls.incrementAndGet();
    List<ChannelEvent> all = new ArrayList<>();
    // Like a node: the logs of the blocks it has, none beyond its head.
    for (long n = from; n <= Math.min(to, headNumber()); n++) {
      all.addAll(events(canonical.get((int) n)));
    }
    return all;
  }

  static ChannelEvent event(BlockRef block, long logIndex) {
    return ChannelEvent.of(
        "CloseStarted",
        "0x" + "11".repeat(32),
        LogPosition.of(block.number(), block.hash(), "0x" + "22".repeat(32), logIndex),
        Map.of("nonce", String.valueOf(block.number())));
  }

  static String hash(long number, int branch) {
    return String.format("0x%056x%08x", number + 1, branch);
  }
}
