package io.vigil.watcher;

import io.vigil.core.chain.BlockRef;
import io.vigil.core.config.VigilConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.http.HttpService;

/**
 * The chain head for receipts and deadlines, read from the configured endpoints in order and reused
 * for {@code vigil.watcher.head-cache-time}, so a burst of delegations costs one call.
 */
@ApplicationScoped
public class NodeHead implements ChainHead {

  private record Cached(BlockRef block, long at) {}

  private final List<Web3j> nodes;
  private final long cacheMillis;
  private final Clock clock;
  private final AtomicReference<Cached> cached = new AtomicReference<>();

  public NodeHead(VigilConfig vigil, WatcherConfig config, Clock clock) {
    this.nodes =
        vigil.chain().rpcUrls().orElse(List.of()).stream()
            .filter(url -> !url.isBlank())
            .map(url -> Web3j.build(new HttpService(url)))
            .toList();
    this.cacheMillis = config.headCacheTime().toMillis();
    this.clock = clock;
  }

  @PreDestroy
  void close() {
    nodes.forEach(Web3j::shutdown);
  }

  @Override
  public BlockRef latest() {
    Cached current = cached.get();
    long now = clock.millis();
    if (current != null && now - current.at() < cacheMillis) {
      return current.block();
    }
    BlockRef fresh = fetch();
    cached.set(new Cached(fresh, now));
    return fresh;
  }

  /** Chain id reported by the node. */
  public long chainId() {
    IOException last = null;
    for (Web3j node : nodes) {
      try {
        return node.ethChainId().send().getChainId().longValueExact();
      } catch (IOException down) {
        last = down;
      }
    }
    throw new IllegalStateException("no JSON-RPC endpoint answered eth_chainId", last);
  }

  private BlockRef fetch() {
    IOException last = null;
    for (Web3j node : nodes) {
      try {
        EthBlock.Block block =
            node.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock();
        if (block != null) {
          return BlockRef.of(
              block.getNumber().longValueExact(),
              block.getHash(),
              block.getParentHash(),
              block.getTimestamp().longValueExact());
        }
      } catch (IOException down) {
        last = down;
      }
    }
    throw new IllegalStateException("no JSON-RPC endpoint answered the latest block", last);
  }
}
