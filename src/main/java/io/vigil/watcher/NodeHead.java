package io.vigil.watcher;

import io.vigil.core.chain.BlockRef;
import io.vigil.core.config.VigilConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.http.HttpService;

/**
 * The chain head for receipts, deadlines and dispute pricing, read from the configured endpoints in
 * order and reused for {@code vigil.watcher.head-cache-time}, so a burst of delegations costs one
 * call.
 */
@ApplicationScoped
public class NodeHead implements ChainHead {

  /** EIP-1559: the base fee moves by at most 1/8 per block, toward half the gas limit. */
  private static final BigInteger MAX_CHANGE_DENOMINATOR = BigInteger.valueOf(8);

  private static final int ELASTICITY = 2;

  private record Cached(BlockRef block, BigInteger nextBaseFee, long at) {}

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
    return current().block();
  }

  @Override
  public BigInteger nextBaseFee() {
    return current().nextBaseFee();
  }

  private Cached current() {
    Cached current = cached.get();
    long now = clock.millis();
    if (current != null && now - current.at() < cacheMillis) {
      return current;
    }
    Cached fresh = fetch(now);
    cached.set(fresh);
    return fresh;
  }

  /**
   * The base fee of the block after one with these figures, by the EIP-1559 rule; zero when the
   * block has no base fee.
   */
  static BigInteger nextBaseFee(BigInteger baseFee, long gasUsed, long gasLimit) {
    if (baseFee == null || baseFee.signum() == 0) {
      return BigInteger.ZERO;
    }
    long target = gasLimit / ELASTICITY;
    if (target <= 0 || gasUsed == target) {
      return baseFee;
    }
    BigInteger gap = BigInteger.valueOf(Math.abs(gasUsed - target));
    BigInteger delta =
        baseFee.multiply(gap).divide(BigInteger.valueOf(target)).divide(MAX_CHANGE_DENOMINATOR);
    return gasUsed > target ? baseFee.add(delta.max(BigInteger.ONE)) : baseFee.subtract(delta);
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

  private Cached fetch(long now) {
    IOException last = null;
    for (Web3j node : nodes) {
      try {
        EthBlock.Block block =
            node.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock();
        if (block != null) {
          return new Cached(
              BlockRef.of(
                  block.getNumber().longValueExact(),
                  block.getHash(),
                  block.getParentHash(),
                  block.getTimestamp().longValueExact()),
              nextBaseFee(
                  block.getBaseFeePerGasRaw() == null ? null : block.getBaseFeePerGas(),
                  block.getGasUsed().longValueExact(),
                  block.getGasLimit().longValueExact()),
              now);
        }
      } catch (IOException down) {
        last = down;
      }
    }
    throw new IllegalStateException("no JSON-RPC endpoint answered the latest block", last);
  }
}
