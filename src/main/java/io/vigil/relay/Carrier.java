package io.vigil.relay;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vigil.core.chain.ChainException;
import io.vigil.core.concurrent.Coalescer.Result;
import io.vigil.core.concurrent.WorkerLoop;
import io.vigil.core.messaging.TransactionRequest.Purpose;
import io.vigil.core.role.ActiveRoles;
import io.vigil.core.role.Role;
import io.vigil.relay.chain.RelayChain;
import io.vigil.relay.chain.RelayChain.CallCheck;
import io.vigil.relay.chain.RelayChain.CallSpec;
import io.vigil.relay.chain.RelayChain.FeeMarket;
import io.vigil.relay.chain.RelayChain.SendChecks;
import io.vigil.relay.chain.RelayChain.Simulation;
import io.vigil.relay.fee.FeeStrategy;
import io.vigil.relay.fee.Fees;
import io.vigil.relay.persistence.RelayAttempt;
import io.vigil.relay.persistence.RelayTransaction;
import io.vigil.relay.persistence.TrackedRows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import org.web3j.crypto.Credentials;

/**
 * Runs the relay's one sending thread over the accounts whose lease this replica holds: signs
 * Vigil's own requests with the hot key they name (after simulating them) and has them broadcast,
 * then has the {@link Responder} follow every sent transaction to the configured confirmations
 * (re-pricing, re-sending and cancelling as it decides); every status change is recorded for
 * publication.
 *
 * <p>Nothing is signed that cannot land: a request whose fee ceiling does not cover the current
 * base fee is refused before it takes a nonce, and a transaction that can no longer be mined (fee
 * cap at its ceiling under the base fee for {@code stuck-blocks} blocks, or it would now revert) is
 * cancelled at its nonce, so the key's later transactions, disputes among them, are never held
 * behind it.
 *
 * <p>One thread (a core {@link WorkerLoop}) does all of it, so one replica never races itself on a
 * nonce; the account leases keep other replicas out. A failed pass is retried after the track
 * interval, growing up to five times it; a request arriving wakes the loop at once, and one that
 * arrives while the pass is tracking is sent between the tracking's round trips rather than after
 * them (a dispute does not wait for receipts of other transactions).
 */
@ApplicationScoped
public class Carrier {

  private static final Logger LOG = Logger.getLogger(Carrier.class);
  private static final int BATCH = 500;

  private final RelayConfig config;
  private final ActiveRoles roles;
  private final HotKeys hotKeys;
  private final AccountLeases leases;
  private final FirstSigning signing;
  private final RelayLedger ledger;
  private final OutcomePublisher publisher;
  private final RelayChain chain;
  private final FeeStrategy fees;
  private final TrackedRows rows;
  private final Broadcaster broadcaster;
  private final Responder responder;
  private final SendLogPruner pruner;
  private final Clock clock;
  private final WorkerLoop loop;

  private final Counter passes;
  private final Counter failures;
  private final Counter chainOutages;
  private final Counter failed;
  private final Counter sentWhileTracking;
  private final MeterRegistry metrics;
  private final AtomicBoolean arrived = new AtomicBoolean();
  private final AtomicLong lastStatusWake = new AtomicLong(System.nanoTime() - Long.MAX_VALUE / 2);

  public Carrier(
      RelayConfig config,
      ActiveRoles roles,
      HotKeys hotKeys,
      AccountLeases leases,
      FirstSigning signing,
      RelayLedger ledger,
      OutcomePublisher publisher,
      RelayChain chain,
      FeeStrategy fees,
      TrackedRows rows,
      Broadcaster broadcaster,
      Responder responder,
      SendLogPruner pruner,
      Clock clock,
      RelayLoops loops,
      MeterRegistry metrics) {
    this.config = config;
    this.roles = roles;
    this.hotKeys = hotKeys;
    this.leases = leases;
    this.signing = signing;
    this.ledger = ledger;
    this.publisher = publisher;
    this.chain = chain;
    this.fees = fees;
    this.rows = rows;
    this.broadcaster = broadcaster;
    this.responder = responder;
    this.pruner = pruner;
    this.clock = clock;
    this.passes = metrics.counter("vigil_relay_carrier_passes_total");
    this.failures = metrics.counter("vigil_relay_carrier_errors_total");
    this.chainOutages = metrics.counter("vigil_relay_chain_unavailable_total");
    this.failed = metrics.counter("vigil_relay_failed_total");
    this.sentWhileTracking = metrics.counter("vigil_relay_carrier_sent_while_tracking_total");
    this.metrics = metrics;
    this.loop =
        loops.create(
            "vigil-relay-carrier", this::round, this::failed, "vigil_relay_carrier_lag_seconds");
  }

  void onStart(@Observes StartupEvent event) {
    if (!roles.isActive(Role.RELAY)) {
      return;
    }
    LOG.infof("relay carrier starting with hot keys %s", hotKeys.addresses());
    loop.start();
  }

  void onStop(@Observes ShutdownEvent event) {
    if (roles.isActive(Role.RELAY)) {
      loop.stop();
      leases.release();
    }
  }

  /**
   * An own request was stored: asks for a pass now, and has a pass that is tracking send it at its
   * next step. Cheap and safe to call from any thread.
   */
  public void wake() {
    arrived.set(true);
    loop.wake();
  }

  /**
   * A client read the status of a transaction that is not final: asks for a pass, unless one was
   * asked for this way less than {@code status-wake-interval} ago. Cheap, from any thread.
   */
  public void statusRead() {
    long interval = config.statusWakeInterval().toNanos();
    if (interval <= 0) {
      return;
    }
    long now = System.nanoTime();
    long last = lastStatusWake.get();
    if (now - last >= interval && lastStatusWake.compareAndSet(last, now)) {
      loop.wake();
    }
  }

  /** Seconds since the last complete pass; the readiness check and a gauge watch it. */
  public double lagSeconds() {
    return RelayLoops.lagSeconds(loop);
  }

  public boolean running() {
    return loop.running();
  }

  private void round() {
    pass();
    passes.increment();
  }

  private void failed(RuntimeException failure) {
    if (failure instanceof ChainException outage && outage.isRetryable()) {
      chainOutages.increment();
      LOG.warnf("chain unavailable, retrying: %s", outage.getMessage());
    } else {
      failures.increment();
      LOG.error("relay carrier pass failed", failure);
    }
  }

  /**
   * One round: take leases, send what waits, track what is open (sending what arrives meanwhile);
   * the outcomes it recorded are published by the {@link OutcomePublisher}'s own thread, woken only
   * when the round queued some (it also looks every track interval on its own), so a round that
   * changed nothing costs the outbox no transaction.
   */
  void pass() {
    try {
      leases.refresh();
      if (leases.holdsAny()) {
        arrived.set(false);
        sendNew();
        responder.track(this::sendArrived);
      }
    } finally {
      // Also after a failed round: what it recorded before failing is committed.
      if (ledger.takeQueued()) {
        publisher.wake();
      }
    }
    pruner.prune();
  }

  /**
   * Between two steps of tracking, on the carrier's thread: sends the own requests stored since the
   * pass began, if any were.
   */
  private void sendArrived() {
    if (arrived.getAndSet(false)) {
      sentWhileTracking.increment();
      sendNew();
    }
  }

  /**
   * Signs and broadcasts Vigil's own requests still waiting for a nonce, oldest first. The checks
   * of every request in the pass (fee market, each sender's mined nonce, each call's simulation at
   * the pending block and its gas estimate) go to the node in one round trip, before the first is
   * signed.
   */
  private void sendNew() {
    List<RelayTransaction> waiting = rows.waitingOwn(BATCH);
    List<RelayTransaction> sending = new ArrayList<>(waiting.size());
    for (RelayTransaction tx : waiting) {
      if (!leases.owns(tx.sender)) {
        continue;
      }
      Purpose purpose = purpose(tx);
      if (hotKeys.key(tx.sender).isEmpty() || !hotKeys.serves(tx.sender, purpose)) {
        fail(
            tx.requestId,
            "from " + tx.sender + " is not one of the relay's keys for " + tx.purpose);
      } else {
        sending.add(tx);
      }
    }
    if (sending.isEmpty()) {
      return;
    }
    List<CallSpec> calls = new ArrayList<>(sending.size());
    for (RelayTransaction tx : sending) {
      calls.add(CallSpec.of(tx.sender, tx.target, tx.data, tx.value));
    }
    SendChecks checks = chain.sendChecks(calls);
    RuntimeException unanswered = null;
    for (int i = 0; i < sending.size(); i++) {
      Result<CallCheck> check = checks.calls().get(i);
      if (check.failure() != null) {
        // Left waiting for the next pass; the others go now.
        unanswered = unanswered == null ? check.failure() : unanswered;
        continue;
      }
      sendOne(sending.get(i), check.value(), checks.market());
    }
    if (unanswered != null) {
      throw unanswered; // the pass is retried, as when the node does not answer at all
    }
  }

  private void sendOne(RelayTransaction request, CallCheck check, FeeMarket market) {
    Credentials key = hotKeys.key(request.sender).orElseThrow();
    if (check.simulation() instanceof Simulation.Reverted reverted) {
      fail(request.requestId, "simulation: " + reverted.reason());
      return;
    }
    if (check.estimate() instanceof Simulation.Reverted reverted) {
      fail(request.requestId, "gas estimate: " + reverted.reason());
      return;
    }
    long mined = check.minedNonce();
    long gas = ((Simulation.Success) check.estimate()).gas();
    long gasLimit = FeeStrategy.gasLimit(gas, config.fees().gasMarginPercent());
    if (fees.landing(request.valueAtStake, gasLimit, market.nextBaseFee())
        instanceof FeeStrategy.Landing.CannotLand cannot) {
      metrics.counter("vigil_relay_unpriceable_total", "purpose", request.purpose).increment();
      fail(
          request.requestId,
          cannot.reason(request.valueAtStake, gasLimit, market.nextBaseFee())
              + "; nothing was signed");
      return;
    }
    Instant now = clock.instant();
    Fees priced =
        fees.initial(
            new FeeStrategy.Inputs(
                market.nextBaseFee(),
                market.suggestedTip(),
                request.deadline,
                now,
                request.valueAtStake,
                gasLimit));
    long id = broadcaster.chainId();
    RelayAttempt attempt =
        signing
            .sign(
                request.requestId,
                request.sender,
                mined,
                gasLimit,
                priced,
                now,
                nonce ->
                    TxSigner.sign(
                        key,
                        id,
                        nonce,
                        gasLimit,
                        request.target,
                        request.value,
                        request.data,
                        priced))
            .orElse(null);
    if (attempt != null) {
      broadcaster.broadcast(
          request.requestId, request.sender, attempt, Broadcaster.SendKind.FIRST, null);
    }
  }

  /** The purpose a stored request names, or null when it names none Vigil knows. */
  private static Purpose purpose(RelayTransaction tx) {
    try {
      return tx.purpose == null ? null : Purpose.valueOf(tx.purpose);
    } catch (IllegalArgumentException unknown) {
      return null;
    }
  }

  private void fail(String requestId, String reason) {
    failed.increment();
    UndoneRequests.change(
        requestId, tx -> ledger.record(tx, TxStatus.FAILED, reason, clock.instant()));
  }
}
