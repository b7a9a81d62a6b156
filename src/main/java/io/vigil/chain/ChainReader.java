package io.vigil.chain;

import io.vigil.core.chain.BlockRef;
import io.vigil.core.chain.RangeRead;
import io.vigil.core.messaging.ChannelEvent;
import java.util.ArrayList;
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

  /**
   * The canonical blocks at these heights, asked together (one round trip where the node allows
   * it): one answer per height in the order given, empty where the node has no block. The answers
   * need not come from one instant: a reorg while they are read shows as a broken parent link.
   */
  default List<Optional<BlockRef>> blocks(List<Long> numbers) {
    return numbers.stream().map(this::block).toList();
  }

  /** The answers of {@link #read}: one header per height, then the events of each range. */
  record Answers(List<Optional<BlockRef>> headers, List<RangeRead<ChannelEvent>> ranges) {}

  /**
   * One follower step's reads together (one round trip where the node allows it): the canonical
   * blocks at {@code numbers}, as {@link #blocks}, and the hub's events in each of {@code ranges}
   * ({@code {from, to}}, inclusive, each at most {@link #logRange} long), as {@link #events(long,
   * long)}. A range that cannot be read fails only its own slot; a header that cannot be read fails
   * the whole call. By default the headers are asked first, then each range in turn.
   */
  default Answers read(List<Long> numbers, List<long[]> ranges) {
    List<Optional<BlockRef>> headers = blocks(numbers);
    List<RangeRead<ChannelEvent>> events = new ArrayList<>(ranges.size());
    for (long[] range : ranges) {
      try {
        events.add(RangeRead.of(events(range[0], range[1])));
      } catch (RuntimeException failed) {
        events.add(RangeRead.failed(failed));
      }
    }
    return new Answers(headers, events);
  }

  /**
   * The hub's events in each of these blocks (queried by block hash, so a reorg cannot mix in
   * another branch's logs), asked together: one list per block in the order given, in log order.
   */
  default List<List<ChannelEvent>> events(List<BlockRef> blocks) {
    return blocks.stream().map(this::events).toList();
  }

  /**
   * False only when the block's header (as last read by {@link #blocks}) proves that it holds no
   * hub event; true when it may, or when nothing is known of it.
   */
  default boolean mayHoldEvents(BlockRef block) {
    return true;
  }

  /**
   * The largest block range that one {@link #events(long, long)} reads in a single call now: a
   * longer span is read in several calls, one after another. Unbounded unless the reader says.
   */
  default long logRange() {
    return Long.MAX_VALUE;
  }
}
