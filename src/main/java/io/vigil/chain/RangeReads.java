package io.vigil.chain;

import io.vigil.core.messaging.ChannelEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The hub's events in a span of old blocks, read as consecutive ranges on the follower's shared
 * pool and handed back in block order, and optionally in the span of the newest blocks (kept
 * apart). Reads start when the spans are given, so they overlap whatever the caller does before
 * {@link #join}; closing cancels this step's reads still queued or running, and leaves the pool to
 * its owner.
 */
final class RangeReads implements AutoCloseable {

  /** No reads: joining gives nothing. */
  static final RangeReads NONE = new RangeReads(null, List.of(), false);

  /** Names of the pool's threads, followed by a counter. */
  static final String THREAD_PREFIX = "vigil-chain-range-";

  /** One range read: the events in blocks {@code from..to}, inclusive, in chain order. */
  interface Read {
    List<ChannelEvent> events(long from, long to);
  }

  private final ExecutorService pool;
  private final List<Future<List<ChannelEvent>>> parts;
  private final boolean hasTail;

  private RangeReads(
      ExecutorService pool, List<Future<List<ChannelEvent>>> parts, boolean hasTail) {
    this.pool = pool;
    this.parts = parts;
    this.hasTail = hasTail;
  }

  /**
   * A pool for the range reads of one follower: {@code threads} named daemon threads, made on first
   * use and kept; its queue holds at most one step's reads (a step joins or closes its reads before
   * the next one starts), plus reads cancelled by a closed step until a thread skips them.
   */
  static ThreadPoolExecutor pool(int threads) {
    return new ThreadPoolExecutor(
        threads,
        threads,
        0,
        TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>(),
        Thread.ofPlatform().name(THREAD_PREFIX, 0).daemon().factory());
  }

  /**
   * Blocks {@code from..to} (inclusive) split for reading at most {@code parallel} ranges at once:
   * as few ranges as {@code parallel} allows, each of at least {@code minBlocks} (a smaller span is
   * one range) and at most {@code maxBlocks} (the largest range one eth_getLogs call asks, so that
   * no range is read in several calls one after another); more ranges than {@code parallel} only
   * when the span exceeds {@code parallel * maxBlocks}. Ranges differ in size by one block at most.
   */
  static List<long[]> split(long from, long to, int parallel, long minBlocks, long maxBlocks) {
    if (from > to) {
      return List.of();
    }
    long blocks = to - from + 1;
    long size = Math.min(Math.max(minBlocks, ceilDiv(blocks, parallel)), Math.max(1, maxBlocks));
    long count = ceilDiv(blocks, size);
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

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  /**
   * Starts reading the hub's events of the old {@code ranges} (consecutive, in block order) and
   * then of blocks {@code tailFrom..tailTo} (when {@code tailFrom <= tailTo}; see {@link #tail}) on
   * {@code pool}. The newest blocks' read is queued last: it is needed only after the old part is
   * joined.
   */
  static RangeReads start(
      Read read, ExecutorService pool, List<long[]> ranges, long tailFrom, long tailTo) {
    boolean hasTail = tailFrom <= tailTo;
    if (ranges.isEmpty() && !hasTail) {
      return NONE;
    }
    List<Future<List<ChannelEvent>>> parts = new ArrayList<>(ranges.size() + 1);
    RangeReads reads = new RangeReads(pool, parts, hasTail);
    try {
      for (long[] span : ranges) {
        parts.add(pool.submit(() -> read.events(span[0], span[1])));
      }
      if (hasTail) {
        parts.add(pool.submit(() -> read.events(tailFrom, tailTo)));
      }
    } catch (RuntimeException refused) {
      reads.close(); // the pool was shut down: drop what was queued
      throw refused;
    }
    return reads;
  }

  /** The events read for the tail span, or the failure to read them. */
  List<ChannelEvent> tail() {
    if (!hasTail) {
      return List.of();
    }
    return get(parts.get(parts.size() - 1));
  }

  /**
   * All events of the old ranges in chain order. The first failed range, in block order, is thrown
   * as it was raised, and nothing of the span is returned.
   */
  List<ChannelEvent> join() {
    List<ChannelEvent> all = new ArrayList<>();
    for (Future<List<ChannelEvent>> part : hasTail ? parts.subList(0, parts.size() - 1) : parts) {
      all.addAll(get(part));
    }
    return all;
  }

  private static List<ChannelEvent> get(Future<List<ChannelEvent>> part) {
    try {
      return part.get();
    } catch (ExecutionException failed) {
      throw rethrown(failed.getCause());
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading log ranges", interrupted);
    } catch (CancellationException cancelled) {
      throw new IllegalStateException("log range read cancelled", cancelled);
    }
  }

  private static RuntimeException rethrown(Throwable cause) {
    if (cause instanceof RuntimeException runtime) {
      return runtime;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    return new IllegalStateException(cause);
  }

  /**
   * Cancels this step's reads still queued or running (a running one is interrupted); their answers
   * are dropped. The pool goes on serving later steps.
   */
  @Override
  public void close() {
    boolean cancelled = false;
    for (Future<List<ChannelEvent>> part : parts) {
      cancelled |= part.cancel(true);
    }
    if (cancelled && pool instanceof ThreadPoolExecutor threads) {
      threads.purge(); // take cancelled reads out of the queue now
    }
  }
}
