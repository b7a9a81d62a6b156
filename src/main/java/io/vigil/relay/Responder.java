package io.vigil.relay;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.vigil.core.chain.ChainException;
import io.vigil.relay.Broadcaster.SendKind;
import io.vigil.relay.chain.RelayChain;
import io.vigil.relay.chain.RelayChain.CallSpec;
import io.vigil.relay.chain.RelayChain.FeeMarket;
import io.vigil.relay.chain.RelayChain.Observation;
import io.vigil.relay.chain.RelayChain.Receipt;
import io.vigil.relay.chain.RelayChain.Simulation;
import io.vigil.relay.fee.FeeStrategy;
import io.vigil.relay.persistence.RelayAttempt;
import io.vigil.relay.persistence.RelayTransaction;
import io.vigil.relay.persistence.TrackedRows;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Follows every sent transaction of the leased accounts to the configured confirmations: records
 * inclusions and confirmations, undoes inclusions a reorg took away, re-sends dropped transactions,
 * and re-prices or cancels pending own ones as {@link FeeBumper} decides. What to do about each
 * request is {@link TrackingJudge}'s decision; this class asks the node and carries it out. Called
 * from the carrier's thread only.
 */
@Singleton
public class Responder {

  private static final int BATCH = 500;

  private final RelayConfig config;
  private final AccountLeases leases;
  private final RelayLedger ledger;
  private final RelayChain chain;
  private final Broadcaster broadcaster;
  private final FeeBumper bumper;
  private final TrackedRows rows;
  private final FinalViews finalViews;
  private final Clock clock;

  /**
   * Head at which each pending transaction was first seen unmineable at its ceiling, by request id.
   * Only the carrier's thread touches it. Lost on restart, which only delays a cancellation.
   */
  private final Map<String, Long> stuckSince = new HashMap<>();

  private final Counter failed;
  private final Counter atCeiling;
  private final Counter reorgedOut;
  private final Timer toConfirmed;
  private final AtomicLong open = new AtomicLong();

  public Responder(
      RelayConfig config,
      AccountLeases leases,
      RelayLedger ledger,
      RelayChain chain,
      Broadcaster broadcaster,
      FeeStrategy fees,
      TrackedRows rows,
      FinalViews finalViews,
      Clock clock,
      MeterRegistry metrics) {
    this.config = config;
    this.leases = leases;
    this.ledger = ledger;
    this.chain = chain;
    this.broadcaster = broadcaster;
    this.bumper = new FeeBumper(fees, config.fees().bumpAfter(), config.fees().stuckBlocks());
    this.rows = rows;
    this.finalViews = finalViews;
    this.clock = clock;
    this.failed = metrics.counter("vigil_relay_failed_total");
    this.atCeiling = metrics.counter("vigil_relay_fee_at_ceiling_total");
    this.reorgedOut = metrics.counter("vigil_relay_reorged_out_total");
    this.toConfirmed =
        Timer.builder("vigil_relay_time_to_confirmed")
            .description("From request accepted to confirmed")
            .publishPercentiles(0.5, 0.99)
            .register(metrics);
    metrics.gauge("vigil_relay_open_transactions", open);
  }

  /**
   * One round of tracking over the open requests of the leased accounts. {@code between} runs on
   * this thread before each of the round's round trips to the node and before it records what it
   * found; the carrier sends newly arrived requests there. It touches only requests still waiting
   * for a nonce, which this round does not track.
   */
  void track(Runnable between) {
    List<TrackedRows.Open> candidates = rows.open(BATCH);
    between.run();
    Instant now = clock.instant();
    open.set(candidates.size());
    List<RelayTransaction> tracked = new ArrayList<>();
    Map<String, List<RelayAttempt>> attempts = new HashMap<>();
    for (TrackedRows.Open candidate : candidates) {
      RelayTransaction tx = candidate.tx();
      if (!leases.owns(tx.sender) || !TrackingJudge.tracks(tx, now)) {
        continue;
      }
      tracked.add(tx);
      attempts.put(tx.requestId, candidate.attempts());
    }
    if (tracked.isEmpty()) {
      return;
    }
    // One round trip for every attempt's receipt and the head (read last, so it is at or above
    // every block a receipt names); a second one, only when some request has no receipt, asks
    // whether the node still knows its attempts.
    List<String> hashes = new ArrayList<>();
    for (RelayTransaction tx : tracked) {
      attempts.get(tx.requestId).forEach(attempt -> hashes.add(attempt.txHash));
    }
    between.run();
    Observation seen = chain.observe(hashes);
    long head = seen.head();
    Map<String, Receipt> receipts = new HashMap<>();
    seen.receipts().forEach(found -> found.ifPresent(r -> receipts.put(r.txHash(), r)));
    List<String> unmined = new ArrayList<>();
    for (RelayTransaction tx : tracked) {
      List<RelayAttempt> mine = attempts.get(tx.requestId);
      if (mine.stream().noneMatch(a -> receipts.containsKey(a.txHash))) {
        mine.forEach(a -> unmined.add(a.txHash));
      }
    }
    Map<String, Boolean> known = new HashMap<>();
    if (!unmined.isEmpty()) {
      between.run();
      List<Boolean> answers = chain.known(unmined);
      for (int i = 0; i < unmined.size(); i++) {
        known.put(unmined.get(i), answers.get(i));
      }
    }
    List<Inclusion> inclusions = new ArrayList<>();
    FeeMarket market = null;
    stuckSince.keySet().retainAll(attempts.keySet());
    for (RelayTransaction tx : tracked) {
      List<RelayAttempt> mine = attempts.getOrDefault(tx.requestId, List.of());
      switch (TrackingJudge.judge(tx, mine, receipts, known, head)) {
        case TrackingJudge.Verdict.Untracked untracked -> {}
        case TrackingJudge.Verdict.Included included -> {
          stuckSince.remove(tx.requestId);
          Receipt receipt = included.receipt();
          String revertReason = included.replayRevert() ? replayRevert(tx, receipt) : null;
          inclusions.add(new Inclusion(tx, receipt, revertReason, included.mined().cancels));
        }
        case TrackingJudge.Verdict.Unchanged unchanged -> stuckSince.remove(tx.requestId);
        case TrackingJudge.Verdict.ReorgedOut reorged ->
            onReorgedOut(tx, reorged.latest(), reorged.inPool(), now);
        case TrackingJudge.Verdict.Unsent unsent ->
            broadcaster.broadcast(tx.requestId, tx.sender, unsent.latest(), SendKind.FIRST, null);
        case TrackingJudge.Verdict.Vanished vanished -> {
          if (tx.own() && market == null) {
            market = chain.feeMarket();
          }
          if (TrackingJudge.reprices(tx, vanished.latest(), market)) {
            reprice(tx, vanished.latest(), market, now, head);
          } else {
            onDropped(tx, vanished.latest(), now);
          }
        }
        case TrackingJudge.Verdict.Pending pending -> {
          if (market == null) {
            market = chain.feeMarket();
          }
          reprice(tx, pending.latest(), market, now, head);
        }
        case TrackingJudge.Verdict.Waiting waiting -> {}
      }
    }
    between.run();
    recordInclusions(inclusions, head, now);
  }

  /**
   * A receipt that changes what a request's row says: a new block or more confirmations. {@code
   * cancellation}: the mined attempt is the cancellation, not the request's own transaction.
   */
  private record Inclusion(
      RelayTransaction row, Receipt receipt, String revertReason, boolean cancellation) {}

  /**
   * Records every inclusion seen in one pass in one database transaction (one batch, one commit,
   * not one each). A row that changed since the pass read it is left for the next pass.
   */
  private void recordInclusions(List<Inclusion> inclusions, long head, Instant now) {
    if (inclusions.isEmpty()) {
      return;
    }
    int required = Math.max(1, config.confirmations());
    List<TrackedRows.Change> changes = new ArrayList<>(inclusions.size());
    for (Inclusion inclusion : inclusions) {
      RelayTransaction tx = inclusion.row();
      TrackedRows.Expected expected =
          new TrackedRows.Expected(tx.status, tx.txHash, tx.blockHash, tx.confirmations);
      TrackingJudge.include(
          tx,
          inclusion.receipt(),
          inclusion.revertReason(),
          inclusion.cancellation(),
          head,
          required,
          now);
      changes.add(new TrackedRows.Change(tx, expected, ledger.outcome(tx)));
    }
    List<Boolean> written = rows.apply(changes);
    for (int i = 0; i < written.size(); i++) {
      if (!written.get(i)) {
        continue;
      }
      if (changes.get(i).outcome() != null) {
        ledger.queued();
      }
      RelayTransaction tx = changes.get(i).updated();
      finalViews.put(tx);
      if (tx.status == TxStatus.FAILED) {
        failed.increment();
      } else if (tx.status == TxStatus.CONFIRMED) {
        toConfirmed.record(Duration.between(tx.createdAt, now));
      }
    }
  }

  private String replayRevert(RelayTransaction tx, Receipt receipt) {
    try {
      Simulation replay =
          chain.simulate(
              CallSpec.of(tx.sender, tx.target, tx.data, tx.value),
              "0x" + Long.toHexString(Math.max(0, receipt.blockNumber() - 1)));
      return replay instanceof Simulation.Reverted reverted
          ? "reverted on chain: " + reverted.reason()
          : "reverted on chain";
    } catch (ChainException outage) {
      if (!outage.isRetryable()) {
        throw outage;
      }
      return "reverted on chain";
    }
  }

  private void onReorgedOut(
      RelayTransaction row, RelayAttempt latest, boolean inPool, Instant now) {
    reorgedOut.increment();
    UndoneRequests.change(
        row.requestId,
        tx -> {
          TrackingJudge.Undone undone = TrackingJudge.reorgedOut(tx, inPool);
          ledger.record(tx, undone.status(), undone.reason(), now);
        });
    if (!inPool) {
      broadcaster.broadcast(
          row.requestId, row.sender, latest, SendKind.RESEND, "re-sent after a reorg");
    }
  }

  private void onDropped(RelayTransaction row, RelayAttempt latest, Instant now) {
    if (row.nonce != null && chain.nonce(row.sender, "latest") > row.nonce) {
      // The nonce is used on chain, yet by none of this request's attempts.
      UndoneRequests.change(
          row.requestId,
          tx -> {
            if (tx.own()) {
              String note =
                  "nonce "
                      + tx.nonce
                      + " was used by a transaction the relay did not send; sending again"
                      + " with a new nonce";
              tx.nonce = null;
              tx.txHash = null;
              ledger.record(tx, TxStatus.PENDING, note, now);
            } else {
              failed.increment();
              ledger.record(
                  tx, TxStatus.FAILED, "nonce " + tx.nonce + " used by another transaction", now);
            }
          });
      return;
    }
    UndoneRequests.change(
        row.requestId,
        tx -> ledger.record(tx, TxStatus.DROPPED, "no longer in the node's pool", now));
    broadcaster.broadcast(
        row.requestId, row.sender, latest, SendKind.RESEND, "re-sent after it was dropped");
  }

  /** Carries out {@link FeeBumper}'s decision on a pending own transaction. */
  private void reprice(
      RelayTransaction row, RelayAttempt latest, FeeMarket market, Instant now, long head) {
    FeeBumper.Plan plan = bumper.plan(row, latest, market, now, stuckSince.get(row.requestId));
    if (plan.step() instanceof FeeBumper.Step.Check check) {
      Simulation simulated =
          chain.simulate(CallSpec.of(row.sender, row.target, row.data, row.value), "latest");
      plan =
          bumper.afterCheck(
              check.decision(), simulated, latest, market, row.reason, head, plan.stuckSince());
    }
    if (plan.stuckSince() == null) {
      stuckSince.remove(row.requestId);
    } else {
      stuckSince.put(row.requestId, plan.stuckSince());
    }
    switch (plan.step()) {
      case FeeBumper.Step.Leave leave -> {}
      case FeeBumper.Step.Check check ->
          throw new IllegalStateException("a checked plan asks for no second check");
      case FeeBumper.Step.Cancel cancel -> {
        if (broadcaster.cancel(row, latest, market, now, cancel.why())) {
          stuckSince.remove(row.requestId);
        }
      }
      case FeeBumper.Step.Replace replace -> broadcaster.replace(row, latest, replace.fees(), now);
      case FeeBumper.Step.HoldAtCeiling hold -> {
        if (hold.changed()) {
          atCeiling.increment();
          QuarkusTransaction.requiringNew()
              .run(
                  () -> {
                    RelayTransaction tx = RelayTransaction.findById(row.requestId);
                    if (tx != null && !tx.done) {
                      tx.reason = hold.note();
                      tx.updatedAt = now;
                    }
                  });
        }
      }
    }
  }
}
