package io.vigil.chain;

import io.vigil.core.chain.BlockRef;
import io.vigil.core.config.VigilConfig;
import io.vigil.core.contract.ChannelHub;
import io.vigil.core.messaging.ChannelEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * Reads heads, headers and the hub's logs from the configured JSON-RPC endpoints (the next one is
 * tried when one fails), and turns each log into a {@link ChannelEvent} with the generated hub
 * wrapper's decoders. Log ranges shrink when a node refuses them and grow back after successes.
 */
@ApplicationScoped
public class HubLogReader implements ChainReader {

  private static final Logger LOG = Logger.getLogger(HubLogReader.class);

  private final List<Web3j> nodes;
  private final String hub;
  private final int maxRange;
  private final AtomicInteger range;
  private final Map<String, Function<Log, ChannelEvent>> decoders = new HashMap<>();

  public HubLogReader(VigilConfig vigil, ChainMonitorConfig config) {
    this.nodes =
        vigil.chain().rpcUrls().orElse(List.of()).stream()
            .filter(url -> !url.isBlank())
            .map(url -> Web3j.build(new HttpService(url)))
            .toList();
    this.hub = vigil.chain().hubAddress().map(a -> a.toLowerCase(Locale.ROOT)).orElse(null);
    this.maxRange = Math.max(1, config.maxLogRange());
    this.range = new AtomicInteger(maxRange);
    decoders.put(
        EventEncoder.encode(ChannelHub.CHANNELOPENED_EVENT),
        log -> {
          var e = ChannelHub.getChannelOpenedEventFromLog(log);
          return event(
              "ChannelOpened",
              e.channelId,
              log,
              Map.of(
                  "partyA", lower(e.partyA),
                  "partyB", lower(e.partyB),
                  "deposit", e.deposit.toString(),
                  "challengePeriod", e.challengePeriod.toString(),
                  "bounty", e.bounty.toString()));
        });
    decoders.put(
        EventEncoder.encode(ChannelHub.DEPOSITED_EVENT),
        log -> {
          var e = ChannelHub.getDepositedEventFromLog(log);
          return event(
              "Deposited",
              e.channelId,
              log,
              Map.of(
                  "party", lower(e.party),
                  "amount", e.amount.toString(),
                  "total", e.total.toString()));
        });
    decoders.put(
        EventEncoder.encode(ChannelHub.CHECKPOINTED_EVENT),
        log -> {
          var e = ChannelHub.getCheckpointedEventFromLog(log);
          return event("Checkpointed", e.channelId, log, Map.of("nonce", e.nonce.toString()));
        });
    decoders.put(
        EventEncoder.encode(ChannelHub.CLOSESTARTED_EVENT),
        log -> {
          var e = ChannelHub.getCloseStartedEventFromLog(log);
          return event(
              "CloseStarted",
              e.channelId,
              log,
              Map.of(
                  "closer", lower(e.closer),
                  "partyA", lower(e.partyA),
                  "partyB", lower(e.partyB),
                  "nonce", e.nonce.toString(),
                  "deadline", e.deadline.toString()));
        });
    decoders.put(
        EventEncoder.encode(ChannelHub.DISPUTED_EVENT),
        log -> {
          var e = ChannelHub.getDisputedEventFromLog(log);
          return event(
              "Disputed",
              e.channelId,
              log,
              Map.of(
                  "disputer", lower(e.disputer),
                  "nonce", e.nonce.toString(),
                  "bountyTo", lower(e.bountyTo)));
        });
    decoders.put(
        EventEncoder.encode(ChannelHub.SETTLED_EVENT),
        log -> {
          var e = ChannelHub.getSettledEventFromLog(log);
          return event(
              "Settled",
              e.channelId,
              log,
              Map.of(
                  "balanceA", e.balanceA.toString(),
                  "balanceB", e.balanceB.toString(),
                  "bounty", e.bounty.toString(),
                  "bountyTo", lower(e.bountyTo)));
        });
    decoders.put(
        EventEncoder.encode(ChannelHub.COOPERATIVELYCLOSED_EVENT),
        log -> {
          var e = ChannelHub.getCooperativelyClosedEventFromLog(log);
          return event(
              "CooperativelyClosed",
              e.channelId,
              log,
              Map.of(
                  "nonce", e.nonce.toString(),
                  "balanceA", e.balanceA.toString(),
                  "balanceB", e.balanceB.toString()));
        });
    decoders.put(
        EventEncoder.encode(ChannelHub.WITHDRAWN_EVENT),
        log -> {
          var e = ChannelHub.getWithdrawnEventFromLog(log);
          return event(
              "Withdrawn",
              null,
              log,
              Map.of("account", lower(e.account), "amount", e.amount.toString()));
        });
  }

  @PreDestroy
  void close() {
    nodes.forEach(Web3j::shutdown);
  }

  @Override
  public long headNumber() {
    return call(node -> node.ethBlockNumber().send()).getBlockNumber().longValueExact();
  }

  @Override
  public Optional<BlockRef> block(long number) {
    EthBlock answer =
        call(
            node ->
                node.ethGetBlockByNumber(
                        DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), false)
                    .send());
    EthBlock.Block block = answer.getBlock();
    if (block == null) {
      return Optional.empty();
    }
    return Optional.of(
        BlockRef.of(
            block.getNumber().longValueExact(),
            block.getHash(),
            block.getParentHash(),
            block.getTimestamp().longValueExact()));
  }

  /** The newest block (used by metrics and by the watcher's head). */
  public BlockRef latest() {
    EthBlock.Block block =
        call(node -> node.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send())
            .getBlock();
    return BlockRef.of(
        block.getNumber().longValueExact(),
        block.getHash(),
        block.getParentHash(),
        block.getTimestamp().longValueExact());
  }

  @Override
  public List<ChannelEvent> events(BlockRef block) {
    EthLog answer = call(node -> node.ethGetLogs(new EthFilter(block.hash(), hub)).send());
    return decode(answer);
  }

  @Override
  public List<ChannelEvent> events(long from, long to) {
    List<ChannelEvent> all = new ArrayList<>();
    long start = from;
    while (start <= to) {
      long end = Math.min(to, start + range.get() - 1);
      long first = start;
      EthLog answer;
      try {
        answer =
            call(
                node ->
                    node.ethGetLogs(
                            new EthFilter(
                                DefaultBlockParameter.valueOf(BigInteger.valueOf(first)),
                                DefaultBlockParameter.valueOf(BigInteger.valueOf(end)),
                                hub))
                        .send());
      } catch (RpcRefused refused) {
        if (end == start) {
          throw refused;
        }
        int smaller = Math.max(1, (int) ((end - start + 1) / 2));
        range.set(smaller);
        LOG.debugf(
            "eth_getLogs refused %d blocks, trying %d: %s", end - start + 1, smaller, refused);
        continue;
      }
      all.addAll(decode(answer));
      range.set((int) Math.min(maxRange, range.get() * 2L));
      start = end + 1;
    }
    return all;
  }

  private List<ChannelEvent> decode(EthLog answer) {
    List<ChannelEvent> events = new ArrayList<>();
    for (EthLog.LogResult<?> result : answer.getLogs()) {
      Log log = (Log) result.get();
      if (log.isRemoved() || log.getTopics().isEmpty()) {
        continue;
      }
      Function<Log, ChannelEvent> decoder = decoders.get(log.getTopics().get(0));
      if (decoder != null) {
        events.add(decoder.apply(log));
      }
    }
    events.sort(
        java.util.Comparator.comparingLong(ChannelEvent::blockNumber)
            .thenComparingLong(ChannelEvent::logIndex));
    return events;
  }

  private static ChannelEvent event(
      String type, byte[] channelId, Log log, Map<String, String> fields) {
    return ChannelEvent.of(
        type,
        channelId == null ? null : Numeric.toHexString(channelId),
        log.getBlockNumber().longValueExact(),
        log.getBlockHash(),
        log.getTransactionHash(),
        log.getLogIndex().longValueExact(),
        fields);
  }

  private static String lower(String address) {
    return address == null ? null : address.toLowerCase(Locale.ROOT);
  }

  /** A JSON-RPC error answer (the node understood and refused), as opposed to an outage. */
  public static final class RpcRefused extends IllegalStateException {
    RpcRefused(String message) {
      super(message);
    }
  }

  private interface Call<T> {
    T send(Web3j node) throws IOException;
  }

  private <T extends Response<?>> T call(Call<T> call) {
    if (nodes.isEmpty()) {
      throw new IllegalStateException("vigil.chain.rpc-urls is empty");
    }
    IOException last = null;
    RpcRefused refused = null;
    for (Web3j node : nodes) {
      try {
        T answer = call.send(node);
        if (answer.hasError()) {
          refused = new RpcRefused(answer.getError().getMessage());
          continue;
        }
        return answer;
      } catch (IOException down) {
        last = down;
      }
    }
    if (refused != null) {
      throw refused;
    }
    throw new IllegalStateException("no JSON-RPC endpoint answered", last);
  }
}
