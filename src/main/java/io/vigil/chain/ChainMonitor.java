package io.vigil.chain;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vigil.chain.persistence.ChainStoreRepository;
import io.vigil.core.chain.BlockRef;
import io.vigil.core.chain.HeadFeed;
import io.vigil.core.chain.PushedHeads;
import io.vigil.core.concurrent.Backoff;
import io.vigil.core.concurrent.WorkerLoop;
import io.vigil.core.concurrent.WorkerLoops;
import io.vigil.core.config.VigilConfig;
import io.vigil.core.metrics.Meters;
import io.vigil.core.role.ActiveRoles;
import io.vigil.core.role.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Runs the chain role: takes the follower lease (or waits as a standby), then keeps the cursor on
 * the confirmed head, publishing channel events, and exposes the follower's progress as metrics.
 * Its rounds run on a core {@link WorkerLoop}; a failed round is retried after the poll interval,
 * growing up to ten times it. A head pushed by {@link PushedHeads} (when {@code
 * vigil.chain.ws-urls} is set) wakes the loop at once; the poll interval stays the backstop, so a
 * lost or stalled subscription only makes the follower slower, never blind. A round woken by a
 * pushed head newer than the last one seen aims at that head instead of asking the head again
 * (blocks are still read over HTTP and linked by parent hash); a round without one, or whose pushed
 * head the HTTP node has not got yet, asks the head.
 */
@ApplicationScoped
public class ChainMonitor {

  private static final Logger LOG = Logger.getLogger(ChainMonitor.class);
  private static final int BLOCKS_PER_ROUND = 10_000;

  private final boolean chainRole;
  private final boolean hubConfigured;
  private final ChainMonitorConfig config;
  private final ChainLease lease;
  private final ChainFollower follower;
  private final PushedHeads heads;
  private final Clock clock;
  private final WorkerLoop loop;
  private final AtomicLong head = new AtomicLong(-1);
  private final AtomicLong pushedHead = new AtomicLong(-1);
  private final AtomicLong processed = new AtomicLong(-1);
  private final AtomicLong processedTimestamp = new AtomicLong(0);
  private final AtomicLong active = new AtomicLong(0);
  private final AtomicLong lastSuccess = new AtomicLong(0);
  private final Counter reorgs;
  private final Counter connectedBlocks;

  public ChainMonitor(
      ActiveRoles roles,
      VigilConfig vigil,
      ChainMonitorConfig config,
      ChainLease lease,
      ChainReader reader,
      ChainStoreRepository store,
      ChannelEventPublisher publisher,
      Clock clock,
      WorkerLoops loops,
      PushedHeads heads,
      MeterRegistry metrics) {
    this.chainRole = roles.isActive(Role.CHAIN);
    this.hubConfigured = vigil.chain().hubAddress().isPresent();
    this.config = config;
    this.lease = lease;
    this.follower =
        new ChainFollower(reader, store, List.of(publisher), ChainFollower.Settings.of(config));
    this.heads = heads;
    this.clock = clock;
    this.loop =
        loops.create(
            "chain-monitor", this::round, Backoff.upTo(config.pollInterval(), 10), this::failed);
    Meters.gauge(
        metrics,
        "vigil_chain_head_block",
        "Newest block number reported by the node",
        head,
        AtomicLong::get);
    Meters.gauge(
        metrics,
        "vigil_chain_processed_block",
        "Block number of the follower's cursor",
        processed,
        AtomicLong::get);
    Meters.gauge(
        metrics,
        "vigil_chain_lag_blocks",
        "Blocks between the node's head and the cursor",
        this,
        ChainMonitor::lagBlocks);
    Meters.gauge(
        metrics,
        "vigil_chain_lag_seconds",
        "Seconds between now and the cursor block's timestamp",
        this,
        ChainMonitor::lagSeconds);
    Meters.gauge(
        metrics,
        "vigil_chain_follower_active",
        "1 when this process holds the follower lease, 0 on a standby",
        active,
        AtomicLong::get);
    this.reorgs =
        Meters.counter(
            metrics, "vigil_chain_reorgs_total", "Reorgs seen (one per detected branch switch)");
    this.connectedBlocks =
        Meters.counter(
            metrics, "vigil_chain_blocks_connected_total", "Blocks connected by the follower");
  }

  void onStart(@Observes StartupEvent event) {
    if (!chainRole) {
      return;
    }
    if (!hubConfigured) {
      LOG.warn("chain role runs without vigil.chain.hub-address: nothing to follow");
      return;
    }
    loop.start();
    // A wake-up and a head number: the round reads the blocks over HTTP, so a push never moves the
    // cursor by itself.
    heads.listen(this::headPushed);
  }

  void onStop(@Observes ShutdownEvent event) {
    loop.stop();
    lease.release();
  }

  /** On the WebSocket callback thread: keeps the newest pushed number and wakes the loop. */
  private void headPushed(long number) {
    pushedHead.accumulateAndGet(number, Math::max);
    loop.wake();
  }

  /** True when this process is the active follower. */
  public boolean isActive() {
    return active.get() == 1;
  }

  /** How new heads reach the follower: by push, or by polling alone. */
  public HeadFeed.Mode headMode() {
    return heads.mode();
  }

  /** Block number of the cursor, or -1 before the first block. */
  public long processedBlock() {
    return processed.get();
  }

  /** Milliseconds since the last successful round (for health), or -1 when never. */
  public long sinceLastSuccessMillis() {
    long last = lastSuccess.get();
    return last == 0 ? -1 : clock.millis() - last;
  }

  /** One round: hold the lease (or wait as a standby), then advance the cursor. */
  private Duration round() {
    if (!lease.tryAcquire()) {
      active.set(0);
      return config.leaseRetry();
    }
    active.set(1);
    OptionalLong known = newPushedHead();
    ChainFollower.Progress progress = follower.advance(BLOCKS_PER_ROUND, known);
    record(progress);
    if (known.isPresent() && !progress.caughtUp() && progress.connected() == 0) {
      return Duration.ZERO; // the HTTP node lacks the pushed head's blocks: ask it for its head
    }
    return progress.caughtUp() || progress.connected() == 0 ? config.pollInterval() : Duration.ZERO;
  }

  /**
   * The newest head pushed since the last round, when it is newer than the head that round saw; a
   * push of an older or equal number (a repeat, or a reorg to a shorter or equal chain) tells the
   * round nothing, so the head is asked.
   */
  private OptionalLong newPushedHead() {
    long pushed = pushedHead.getAndSet(-1);
    return pushed > head.get() ? OptionalLong.of(pushed) : OptionalLong.empty();
  }

  private void failed(RuntimeException failure) {
    if (failure instanceof ChainFollower.ReorgTooDeep fatal) {
      LOG.error(fatal.getMessage());
    } else {
      LOG.warnf("chain follower round failed, retrying: %s", failure.toString());
    }
  }

  private void record(ChainFollower.Progress progress) {
    head.set(progress.head());
    Optional<BlockRef> cursor = progress.cursor();
    cursor.ifPresent(
        block -> {
          processed.set(block.number());
          if (block.timestamp() > 0) {
            processedTimestamp.set(block.timestamp());
          }
        });
    if (progress.disconnected() > 0) {
      reorgs.increment();
      LOG.infof(
          "reorg: %d block(s) disconnected, cursor now at %s",
          progress.disconnected(), cursor.map(BlockRef::number).orElse(-1L));
    }
    connectedBlocks.increment(progress.connected());
    lastSuccess.set(clock.millis());
  }

  private double lagBlocks() {
    return head.get() < 0 || processed.get() < 0 ? 0 : head.get() - processed.get();
  }

  private double lagSeconds() {
    long timestamp = processedTimestamp.get();
    return timestamp == 0 ? 0 : Math.max(0, clock.millis() / 1000 - timestamp);
  }
}
