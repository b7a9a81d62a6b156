package io.vigil.chain;

import io.vigil.core.chain.BlockHeader;
import io.vigil.core.chain.BlockRef;
import io.vigil.core.chain.ChainClient;
import io.vigil.core.chain.HubEvent;
import io.vigil.core.chain.RangeRead;
import io.vigil.core.crypto.Address;
import io.vigil.core.messaging.ChannelEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The follower's view of the node: heads, headers and the hub's logs, read through the shared
 * {@link ChainClient} (one endpoint list with fallback, one set of error classes, one shrinking log
 * range), with each decoded {@link HubEvent} turned into the {@link ChannelEvent} the chain role
 * publishes.
 */
@ApplicationScoped
public class HubLogReader implements ChainReader {

  /** Hashes of recently read headers whose logs bloom rules out any hub log, at most this many. */
  private static final int QUIET_BLOCKS_KEPT = 4096;

  private final ChainClient chain;

  /**
   * Blocks known from their header to hold no hub log. A hash fixes its header, so an entry never
   * goes stale; a block missing here is merely asked.
   */
  private final Map<String, Boolean> quiet =
      Collections.synchronizedMap(
          new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
              return size() > QUIET_BLOCKS_KEPT;
            }
          });

  public HubLogReader(ChainClient chain) {
    this.chain = chain;
  }

  @Override
  public long headNumber() {
    return chain.blockNumber();
  }

  @Override
  public Optional<BlockRef> block(long number) {
    return chain.block(number);
  }

  /**
   * One batch of eth_getBlockByNumber; each header's bloom is kept to spare asking quiet blocks.
   */
  @Override
  public List<Optional<BlockRef>> blocks(List<Long> numbers) {
    return remembered(chain.headers(numbers));
  }

  /**
   * One batch holding the headers' eth_getBlockByNumber calls and the ranges' eth_getLogs calls;
   * each header's bloom is kept as in {@link #blocks}.
   */
  @Override
  public Answers read(List<Long> numbers, List<long[]> ranges) {
    ChainClient.HeadersAndEvents answers = chain.headersAndHubEvents(numbers, ranges);
    List<RangeRead<ChannelEvent>> events =
        answers.ranges().stream().map(range -> range.map(HubLogReader::messages)).toList();
    return new Answers(remembered(answers.headers()), events);
  }

  private List<Optional<BlockRef>> remembered(List<Optional<BlockHeader>> headers) {
    Optional<Address> hub = chain.hubAddress();
    List<Optional<BlockRef>> blocks = new ArrayList<>(headers.size());
    for (Optional<BlockHeader> header : headers) {
      header
          .filter(h -> hub.isPresent() && !h.mayHoldLogsOf(hub.get()))
          .ifPresent(h -> quiet.put(h.block().hash(), Boolean.TRUE));
      blocks.add(header.map(BlockHeader::block));
    }
    return blocks;
  }

  /**
   * One batch of eth_getLogs by block hash for the blocks that may hold hub logs; a block whose
   * header's bloom ruled them out is not asked.
   */
  @Override
  public List<List<ChannelEvent>> events(List<BlockRef> blocks) {
    List<BlockRef> asked = blocks.stream().filter(b -> !quiet.containsKey(b.hash())).toList();
    List<List<HubEvent>> answers =
        asked.isEmpty() ? List.of() : chain.hubEvents(asked.stream().map(BlockRef::hash).toList());
    List<List<ChannelEvent>> events = new ArrayList<>(blocks.size());
    int next = 0;
    for (BlockRef block : blocks) {
      boolean wasAsked = next < asked.size() && asked.get(next) == block;
      events.add(wasAsked ? messages(answers.get(next++)) : List.of());
    }
    return events;
  }

  @Override
  public boolean mayHoldEvents(BlockRef block) {
    return !quiet.containsKey(block.hash());
  }

  /** The client's current eth_getLogs range: the configured maximum, or less after a refusal. */
  @Override
  public long logRange() {
    return chain.currentLogRange();
  }

  /** The newest block (used by metrics and by the watcher's head). */
  public BlockRef latest() {
    return chain.head();
  }

  @Override
  public List<ChannelEvent> events(BlockRef block) {
    return messages(chain.hubEvents(block.hash()));
  }

  @Override
  public List<ChannelEvent> events(long from, long to) {
    return messages(chain.hubEvents(from, to));
  }

  private static List<ChannelEvent> messages(List<HubEvent> events) {
    return events.stream()
        .map(HubLogReader::message)
        .sorted(
            Comparator.comparingLong(ChannelEvent::blockNumber)
                .thenComparingLong(ChannelEvent::logIndex))
        .toList();
  }

  /**
   * The published form of a hub event: fields by Solidity name, numbers in decimal, addresses in
   * lower-case hex (the form consumers such as the watcher's intake check expect).
   */
  static ChannelEvent message(HubEvent event) {
    Map<String, String> fields = new LinkedHashMap<>();
    String type;
    String channel = null;
    switch (event) {
      case HubEvent.ChannelOpened e -> {
        type = "ChannelOpened";
        channel = e.channelId().hex();
        fields.put("partyA", hex(e.partyA()));
        fields.put("partyB", hex(e.partyB()));
        fields.put("deposit", e.deposit().toString());
        fields.put("challengePeriod", Long.toString(e.challengePeriod()));
        fields.put("bounty", e.bounty().toString());
      }
      case HubEvent.Deposited e -> {
        type = "Deposited";
        channel = e.channelId().hex();
        fields.put("party", hex(e.party()));
        fields.put("amount", e.amount().toString());
        fields.put("total", e.total().toString());
      }
      case HubEvent.Checkpointed e -> {
        type = "Checkpointed";
        channel = e.channelId().hex();
        fields.put("nonce", Long.toString(e.nonce()));
      }
      case HubEvent.CloseStarted e -> {
        type = "CloseStarted";
        channel = e.channelId().hex();
        fields.put("closer", hex(e.closer()));
        fields.put("partyA", hex(e.partyA()));
        fields.put("partyB", hex(e.partyB()));
        fields.put("nonce", Long.toString(e.nonce()));
        fields.put("deadline", Long.toString(e.deadline()));
      }
      case HubEvent.Disputed e -> {
        type = "Disputed";
        channel = e.channelId().hex();
        fields.put("disputer", hex(e.disputer()));
        fields.put("nonce", Long.toString(e.nonce()));
        fields.put("bountyTo", hex(e.bountyTo()));
      }
      case HubEvent.Settled e -> {
        type = "Settled";
        channel = e.channelId().hex();
        fields.put("balanceA", e.balanceA().toString());
        fields.put("balanceB", e.balanceB().toString());
        fields.put("bounty", e.bounty().toString());
        fields.put("bountyTo", hex(e.bountyTo()));
      }
      case HubEvent.CooperativelyClosed e -> {
        type = "CooperativelyClosed";
        channel = e.channelId().hex();
        fields.put("nonce", Long.toString(e.nonce()));
        fields.put("balanceA", e.balanceA().toString());
        fields.put("balanceB", e.balanceB().toString());
      }
      case HubEvent.Withdrawn e -> {
        type = "Withdrawn";
        fields.put("account", hex(e.account()));
        fields.put("amount", e.amount().toString());
      }
    }
    return ChannelEvent.of(type, channel, event.position(), fields);
  }

  private static String hex(Address address) {
    return address.hex();
  }
}
