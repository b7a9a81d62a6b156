package io.vigil.watcher;

import io.vigil.core.chain.BlockRef;
import io.vigil.core.chain.ChainClient;
import io.vigil.core.chain.HeadBlock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The chain head for receipts, deadlines and dispute pricing, read through {@link ChainClient} (so
 * endpoint fallback and error classes are the follower's) and reused for {@code
 * vigil.watcher.head-cache-time}, so a burst of delegations costs one call.
 */
@ApplicationScoped
public class NodeHead implements ChainHead {

  /** EIP-1559: the base fee moves by at most 1/8 per block, toward half the gas limit. */
  private static final BigInteger MAX_CHANGE_DENOMINATOR = BigInteger.valueOf(8);

  private static final int ELASTICITY = 2;

  private record Cached(BlockRef block, BigInteger nextBaseFee, long at) {}

  private final Supplier<HeadBlock> head;
  private final LongSupplier chainId;
  private final long cacheMillis;
  private final Clock clock;
  private final AtomicReference<Cached> cached = new AtomicReference<>();

  @Inject
  public NodeHead(ChainClient chain, WatcherConfig config, Clock clock) {
    this(chain::headBlock, chain::chainId, config.headCacheTime(), clock);
  }

  NodeHead(Supplier<HeadBlock> head, LongSupplier chainId, Duration cacheTime, Clock clock) {
    this.head = head;
    this.chainId = chainId;
    this.cacheMillis = cacheTime.toMillis();
    this.clock = clock;
  }

  @Override
  public BlockRef latest() {
    return current().block();
  }

  @Override
  public BigInteger nextBaseFee() {
    return current().nextBaseFee();
  }

  /** Chain id reported by the node. */
  public long chainId() {
    return chainId.getAsLong();
  }

  /** A failed read is thrown as the transport classified it; the next call asks again. */
  private Cached current() {
    Cached current = cached.get();
    long now = clock.millis();
    if (current != null && now - current.at() < cacheMillis) {
      return current;
    }
    HeadBlock block = head.get();
    Cached fresh =
        new Cached(
            block.block(),
            nextBaseFee(block.baseFeePerGas(), block.gasUsed(), block.gasLimit()),
            now);
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
}
