package io.vigil.chain;

import java.util.ArrayList;
import java.util.List;

/** How the follower splits a span of blocks into eth_getLogs ranges. */
final class LogRanges {

  private LogRanges() {}

  /**
   * Blocks {@code from..to} (inclusive) as the fewest consecutive ranges of at most {@code
   * maxBlocks} each (the largest range one eth_getLogs call asks), in block order, differing in
   * size by one block at most. Nothing when {@code from > to}.
   */
  static List<long[]> split(long from, long to, long maxBlocks) {
    if (from > to) {
      return List.of();
    }
    long blocks = to - from + 1;
    long size = Math.max(1, maxBlocks);
    long count = blocks / size + (blocks % size == 0 ? 0 : 1);
    long base = blocks / count;
    long longer = blocks % count; // the first ranges take one block more
    List<long[]> spans = new ArrayList<>((int) count);
    long start = from;
    for (long i = 0; i < count; i++) {
      long end = start + base - 1 + (i < longer ? 1 : 0);
      spans.add(new long[] {start, end});
      start = end + 1;
    }
    return spans;
  }
}
