package io.vigil.chain;

import io.vigil.core.messaging.ChannelEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The hub's events in a span of old blocks, read as consecutive ranges with a bounded number in
 * flight and handed back in block order, and optionally in the span of the newest blocks (read
 * first, kept apart). Reads start when the spans are given, so they overlap whatever the caller
 * does before {@link #join}; closing drops any read still running.
 */
final class RangeReads implements AutoCloseable {

  /** No reads: joining gives nothing. */
  static final RangeReads NONE = new RangeReads(null, List.of(), false);

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
   * Starts reading the hub's events of {@code tail} (when given; see {@link #tail}) and of blocks
   * {@code from..to} (inclusive, when {@code from <= to}) in ranges of {@code rangeBlocks}, at most
   * {@code parallel} reads at once.
   */
  static RangeReads start(
      Read read, long from, long to, int rangeBlocks, int parallel, long tailFrom, long tailTo) {
    List<long[]> spans = new ArrayList<>();
    if (tailFrom <= tailTo) {
      spans.add(new long[] {tailFrom, tailTo});
    }
    for (long start = from; start <= to; start += rangeBlocks) {
      spans.add(new long[] {start, Math.min(to, start + rangeBlocks - 1)});
    }
    if (spans.isEmpty()) {
      return NONE;
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(parallel, spans.size()),
            Thread.ofPlatform().name("vigil-chain-range-", 0).daemon().factory());
    List<Future<List<ChannelEvent>>> parts = new ArrayList<>();
    for (long[] span : spans) {
      parts.add(pool.submit(() -> read.events(span[0], span[1])));
    }
    pool.shutdown();
    return new RangeReads(pool, parts, tailFrom <= tailTo);
  }

  /** The events read for the tail span, or the failure to read them. */
  List<ChannelEvent> tail() {
    if (!hasTail) {
      return List.of();
    }
    return get(parts.get(0));
  }

  /**
   * All events of the span in chain order. The first failed range, in block order, is thrown as it
   * was raised, and nothing of the span is returned.
   */
  List<ChannelEvent> join() {
    List<ChannelEvent> all = new ArrayList<>();
    for (Future<List<ChannelEvent>> part : hasTail ? parts.subList(1, parts.size()) : parts) {
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

  /** Stops reads still queued or running; their answers are dropped. */
  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
