package io.vigil.relay;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vigil.core.config.VigilConfig;
import io.vigil.core.messaging.TransactionOutcome.Status;
import io.vigil.core.messaging.TransactionRequest.Purpose;
import io.vigil.core.role.ActiveRoles;
import io.vigil.core.role.Role;
import io.vigil.relay.chain.RelayChain;
import io.vigil.relay.chain.RelayChain.CallSpec;
import io.vigil.relay.chain.RelayChain.FeeMarket;
import io.vigil.relay.chain.RelayChain.Observation;
import io.vigil.relay.chain.RelayChain.Receipt;
import io.vigil.relay.chain.RelayChain.SendResult;
import io.vigil.relay.chain.RelayChain.Simulation;
import io.vigil.relay.chain.RpcUnavailable;
import io.vigil.relay.fee.FeeDecision;
import io.vigil.relay.fee.FeeStrategy;
import io.vigil.relay.fee.Fees;
import io.vigil.relay.persistence.RelayAttempt;
import io.vigil.relay.persistence.RelayRows;
import io.vigil.relay.persistence.RelayTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import org.web3j.crypto.Credentials;

/**
 * Sends and tracks every relayed transaction of the accounts whose lease this replica holds: signs
 * Vigil's own requests with the hot key they name (after simulating them), broadcasts, follows each
 * transaction to the configured confirmations, re-prices pending ones as their deadline nears,
 * re-sends dropped and reorged-out ones, and records every status change for publication.
 *
 * <p>Nothing is signed that cannot land: a request whose fee ceiling does not cover the current
 * base fee is refused before it takes a nonce, and a transaction that can no longer be mined (fee
 * cap at its ceiling under the base fee for {@code stuck-blocks} blocks, or it would now revert) is
 * cancelled at its nonce, so the key's later transactions, disputes among them, are never held
 * behind it.
 *
 * <p>One thread does all of it, so one replica never races itself on a nonce; the account leases
 * keep other replicas out.
 */
@ApplicationScoped
public class Carrier {

  private static final Logger LOG = Logger.getLogger(Carrier.class);
  private static final int BATCH = 500;
  private static final Duration CLIENT_GRACE = Duration.ofSeconds(5);
  private static final long TRANSFER_GAS = 21_000;

  private final RelayConfig config;
  private final VigilConfig vigil;
  private final ActiveRoles roles;
  private final HotKeys hotKeys;
  private final AccountLeases leases;
  private final NonceManager nonces;
  private final RelayLedger ledger;
  private final OutcomePublisher publisher;
  private final RelayChain chain;
  private final FeeStrategy fees;
  private final EntityManager entityManager;
  private final RelayRows rows;
  private final FinalViews finalViews;
  private final Clock clock = Clock.systemUTC();
  private final String instance;
  private final BlockingQueue<Boolean> wakeups = new ArrayBlockingQueue<>(1);

  /**
   * Head at which each pending transaction was first seen unmineable at its ceiling, by request id.
   * Only the carrier's thread touches it. Lost on restart, which only delays a cancellation.
   */
  private final Map<String, Long> stuckSince = new HashMap<>();

  private final Counter passes;
  private final Counter failures;
  private final Counter chainOutages;
  private final Counter sent;
  private final Counter replaced;
  private final Counter resent;
  private final Counter failed;
  private final Counter atCeiling;
  private final Counter reorgedOut;
  private final MeterRegistry metrics;
  private final Counter cancellations;
  private final Counter cancellationsImpossible;
  private final Timer toConfirmed;
  private final AtomicLong lastPassMillis = new AtomicLong(System.currentTimeMillis());
  private final AtomicLong open = new AtomicLong();
  private final AtomicLong lastStatusWake = new AtomicLong(System.nanoTime() - Long.MAX_VALUE / 2);

  private volatile boolean running;
  private volatile Long chainId;
  private Thread thread;
  private Instant lastPrune = Instant.EPOCH;

  public Carrier(
      RelayConfig config,
      VigilConfig vigil,
      ActiveRoles roles,
      HotKeys hotKeys,
      AccountLeases leases,
      NonceManager nonces,
      RelayLedger ledger,
      OutcomePublisher publisher,
      RelayChain chain,
      FeeStrategy fees,
      EntityManager entityManager,
      RelayRows rows,
      FinalViews finalViews,
      MeterRegistry metrics) {
    this.config = config;
    this.vigil = vigil;
    this.roles = roles;
    this.hotKeys = hotKeys;
    this.leases = leases;
    this.nonces = nonces;
    this.ledger = ledger;
    this.publisher = publisher;
    this.chain = chain;
    this.fees = fees;
    this.entityManager = entityManager;
    this.rows = rows;
    this.finalViews = finalViews;
    this.instance = RelayLedger.instanceName();
    this.passes = metrics.counter("vigil_relay_carrier_passes_total");
    this.failures = metrics.counter("vigil_relay_carrier_errors_total");
    this.chainOutages = metrics.counter("vigil_relay_chain_unavailable_total");
    this.sent = metrics.counter("vigil_relay_sent_total");
    this.replaced = metrics.counter("vigil_relay_replaced_total");
    this.resent = metrics.counter("vigil_relay_resent_total");
    this.failed = metrics.counter("vigil_relay_failed_total");
    this.atCeiling = metrics.counter("vigil_relay_fee_at_ceiling_total");
    this.reorgedOut = metrics.counter("vigil_relay_reorged_out_total");
    this.metrics = metrics;
    this.cancellations = metrics.counter("vigil_relay_cancellations_total");
    this.cancellationsImpossible = metrics.counter("vigil_relay_cancellations_impossible_total");
    this.toConfirmed =
        Timer.builder("vigil_relay_time_to_confirmed")
            .description("From request accepted to confirmed")
            .publishPercentiles(0.5, 0.99)
            .register(metrics);
    metrics.gauge("vigil_relay_open_transactions", open);
    metrics.gauge(
        "vigil_relay_carrier_lag_seconds",
        lastPassMillis,
        last -> (System.currentTimeMillis() - last.get()) / 1000.0);
  }

  void onStart(@Observes StartupEvent event) {
    if (!roles.isActive(Role.RELAY)) {
      return;
    }
    LOG.infof("relay carrier starting with hot keys %s", hotKeys.addresses());
    running = true;
    thread = new Thread(this::run, "vigil-relay-carrier");
    thread.setDaemon(true);
    thread.start();
  }

  void onStop(@Observes ShutdownEvent event) {
    running = false;
    wake();
    if (thread != null) {
      try {
        thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      leases.release();
    }
  }

  /** Asks for a pass now (a request arrived); cheap and safe to call from any thread. */
  public void wake() {
    wakeups.offer(Boolean.TRUE);
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
      wake();
    }
  }

  /** Seconds since the last complete pass; the readiness check and a gauge watch it. */
  public double lagSeconds() {
    return (System.currentTimeMillis() - lastPassMillis.get()) / 1000.0;
  }

  public boolean running() {
    return running && thread != null && thread.isAlive();
  }

  private void run() {
    while (running) {
      try {
        pass();
        passes.increment();
        lastPassMillis.set(System.currentTimeMillis());
      } catch (RpcUnavailable outage) {
        chainOutages.increment();
        LOG.warnf("chain unavailable, retrying: %s", outage.getMessage());
      } catch (RuntimeException bug) {
        failures.increment();
        LOG.error("relay carrier pass failed", bug);
      }
      try {
        wakeups.poll(config.trackInterval().toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * One round: take leases, send what waits, track what is open; the outcomes it recorded are
   * published by the {@link OutcomePublisher}'s own thread.
   */
  void pass() {
    leases.refresh();
    if (leases.holdsAny()) {
      sendNew();
      track();
    }
    publisher.wake();
    pruneSendLog();
  }

  long chainId() {
    Long known = chainId;
    if (known == null) {
      known = vigil.chain().chainId().orElseGet(chain::chainId);
      chainId = known;
    }
    return known;
  }

  // ---------------------------------------------------------------------------------------------
  // Sending Vigil's own requests

  private void sendNew() {
    List<RelayTransaction> waiting = rows.waitingOwn(BATCH);
    Map<String, List<RelayTransaction>> bySender = new LinkedHashMap<>();
    for (RelayTransaction tx : waiting) {
      if (leases.owns(tx.sender)) {
        bySender.computeIfAbsent(tx.sender, s -> new ArrayList<>()).add(tx);
      }
    }
    if (bySender.isEmpty()) {
      return;
    }
    FeeMarket market = chain.feeMarket();
    for (Map.Entry<String, List<RelayTransaction>> account : bySender.entrySet()) {
      long mined = chain.nonce(account.getKey(), "latest");
      for (RelayTransaction tx : account.getValue()) {
        sendOne(tx, mined, market);
      }
    }
  }

  private void sendOne(RelayTransaction request, long mined, FeeMarket market) {
    Optional<Credentials> key = hotKeys.key(request.sender);
    Purpose purpose = purpose(request);
    if (key.isEmpty() || !hotKeys.serves(request.sender, purpose)) {
      fail(
          request.requestId,
          "from " + request.sender + " is not one of the relay's keys for " + request.purpose);
      return;
    }
    CallSpec call = CallSpec.of(request.sender, request.target, request.data, request.value);
    Simulation simulated = chain.simulate(call, "pending");
    if (simulated instanceof Simulation.Reverted reverted) {
      fail(request.requestId, "simulation: " + reverted.reason());
      return;
    }
    Simulation estimated = chain.estimateGas(call);
    if (estimated instanceof Simulation.Reverted reverted) {
      fail(request.requestId, "gas estimate: " + reverted.reason());
      return;
    }
    long gas = ((Simulation.Success) estimated).gas();
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
    long id = chainId();
    RelayAttempt attempt =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  RelayTransaction tx =
                      RelayTransaction.findById(request.requestId, LockModeType.PESSIMISTIC_WRITE);
                  if (tx == null || tx.nonce != null || tx.done) {
                    return null;
                  }
                  long nonce = nonces.allocate(tx.sender, mined);
                  TxSigner.Signed signed =
                      TxSigner.sign(
                          key.get(), id, nonce, gasLimit, tx.target, tx.value, tx.data, priced);
                  tx.nonce = nonce;
                  tx.gasLimit = gasLimit;
                  tx.maxFee = priced.maxFeePerGas();
                  tx.priorityFee = priced.maxPriorityFeePerGas();
                  tx.txHash = signed.txHash();
                  tx.updatedAt = now;
                  return storeAttempt(tx, signed, false);
                });
    if (attempt != null) {
      broadcast(request.requestId, request.sender, attempt, SendKind.FIRST, null);
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

  private static RelayAttempt storeAttempt(
      RelayTransaction tx, TxSigner.Signed signed, boolean cancels) {
    RelayAttempt attempt = new RelayAttempt();
    attempt.cancels = cancels;
    attempt.txHash = signed.txHash();
    attempt.requestId = tx.requestId;
    attempt.nonce = tx.nonce;
    attempt.maxFee = tx.maxFee;
    attempt.priorityFee = tx.priorityFee;
    attempt.raw = signed.raw();
    attempt.createdAt = tx.updatedAt;
    attempt.persist();
    return attempt;
  }

  private void fail(String requestId, String reason) {
    failed.increment();
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              RelayTransaction tx =
                  RelayTransaction.findById(requestId, LockModeType.PESSIMISTIC_WRITE);
              if (tx != null && !tx.done) {
                ledger.record(tx, Status.FAILED, reason, clock.instant());
              }
            });
  }

  enum SendKind {
    FIRST,
    RESEND,
    REPLACEMENT,
    CANCELLATION
  }

  private void broadcast(
      String requestId, String sender, RelayAttempt attempt, SendKind kind, String reason) {
    Instant started = clock.instant();
    SendResult result = chain.send(attempt.raw);
    Instant finished = clock.instant();
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              ledger.logSend(sender, attempt.nonce, attempt.txHash, instance, started, finished);
              RelayTransaction tx =
                  RelayTransaction.findById(requestId, LockModeType.PESSIMISTIC_WRITE);
              if (tx == null || tx.done) {
                return;
              }
              tx.sends++;
              tx.lastSentAt = finished;
              tx.updatedAt = finished;
              switch (result) {
                case SendResult.Accepted accepted -> {
                  switch (kind) {
                    case FIRST -> {
                      sent.increment();
                      if (Status.PENDING.name().equals(tx.status)) {
                        ledger.record(tx, Status.IN_POOL, null, finished);
                      }
                    }
                    case RESEND -> {
                      resent.increment();
                      ledger.record(tx, Status.RESENT, reason, finished);
                    }
                    case REPLACEMENT -> {
                      replaced.increment();
                      ledger.record(tx, Status.REPLACED, reason, finished);
                    }
                    case CANCELLATION -> {
                      cancellations.increment();
                      ledger.record(tx, Status.REPLACED, reason, finished);
                    }
                  }
                }
                case SendResult.NonceTooLow low -> tx.reason = "node: " + low.message();
                case SendResult.Underpriced under -> tx.reason = "node: " + under.message();
                case SendResult.Refused refused -> tx.reason = "node: " + refused.message();
              }
            });
    if (!(result instanceof SendResult.Accepted)) {
      LOG.warnf("broadcast of %s (%s) not accepted: %s", attempt.txHash, requestId, result);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Tracking

  private void track() {
    Instant now = clock.instant();
    List<RelayRows.Open> candidates = rows.open(BATCH);
    open.set(candidates.size());
    List<RelayTransaction> tracked = new ArrayList<>();
    Map<String, List<RelayAttempt>> attempts = new HashMap<>();
    for (RelayRows.Open candidate : candidates) {
      RelayTransaction tx = candidate.tx();
      if (!leases.owns(tx.sender)) {
        continue;
      }
      if (!tx.own() && tx.sends == 0 && tx.createdAt.plus(CLIENT_GRACE).isAfter(now)) {
        continue; // the API that took it is broadcasting it
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
      if (mine.isEmpty()) {
        continue;
      }
      RelayAttempt mined =
          mine.stream().filter(a -> receipts.containsKey(a.txHash)).findFirst().orElse(null);
      if (mined != null) {
        stuckSince.remove(tx.requestId);
        Receipt receipt = receipts.get(mined.txHash);
        boolean newBlock = !receipt.blockHash().equals(tx.blockHash);
        if (newBlock || confirmations(head, receipt) != tx.confirmations) {
          String revertReason =
              !receipt.success() && newBlock && !mined.cancels ? replayRevert(tx, receipt) : null;
          inclusions.add(new Inclusion(tx, receipt, revertReason, mined.cancels));
        }
        continue;
      }
      boolean anyKnown = mine.stream().anyMatch(a -> known.getOrDefault(a.txHash, false));
      RelayAttempt latest = mine.get(0);
      if (tx.blockHash != null) {
        onReorgedOut(tx, latest, anyKnown, now);
      } else if (tx.sends == 0) {
        broadcast(tx.requestId, tx.sender, latest, SendKind.FIRST, null);
      } else if (!anyKnown) {
        if (tx.own() && market == null) {
          market = chain.feeMarket();
        }
        if (tx.own()
            && FeeStrategy.unmineable(
                new Fees(latest.maxFee, latest.priorityFee), market.nextBaseFee())) {
          // Nodes drop (or refuse to take back) a transaction under the base fee: sending it
          // again cannot help, re-pricing or cancelling it can.
          reprice(tx, latest, market, now, head);
        } else {
          onDropped(tx, latest, now);
        }
      } else if (tx.own()) {
        if (market == null) {
          market = chain.feeMarket();
        }
        reprice(tx, latest, market, now, head);
      }
    }
    recordInclusions(inclusions, head, now);
  }

  /**
   * A receipt that changes what a request's row says: a new block or more confirmations. {@code
   * cancellation}: the mined attempt is the cancellation, not the request's own transaction.
   */
  private record Inclusion(
      RelayTransaction row, Receipt receipt, String revertReason, boolean cancellation) {}

  private static int confirmations(long head, Receipt receipt) {
    return (int) Math.max(1, head - receipt.blockNumber() + 1);
  }

  /**
   * Records every inclusion seen in one pass in one database transaction (one batch, one commit,
   * not one each). A row that changed since the pass read it is left for the next pass.
   */
  private void recordInclusions(List<Inclusion> inclusions, long head, Instant now) {
    if (inclusions.isEmpty()) {
      return;
    }
    int required = Math.max(1, config.confirmations());
    List<RelayRows.Change> changes = new ArrayList<>(inclusions.size());
    for (Inclusion inclusion : inclusions) {
      RelayTransaction tx = inclusion.row();
      RelayRows.Expected expected =
          new RelayRows.Expected(tx.status, tx.txHash, tx.blockHash, tx.confirmations);
      include(tx, inclusion, head, required, now);
      changes.add(new RelayRows.Change(tx, expected, ledger.outcome(tx)));
    }
    List<Boolean> written = rows.apply(changes);
    for (int i = 0; i < written.size(); i++) {
      if (!written.get(i)) {
        continue;
      }
      RelayTransaction tx = changes.get(i).updated();
      finalViews.put(tx);
      if (Status.FAILED.name().equals(tx.status)) {
        failed.increment();
      } else if (Status.CONFIRMED.name().equals(tx.status)) {
        toConfirmed.record(Duration.between(tx.createdAt, now));
      }
    }
  }

  /** Moves a row (read by this pass, not yet stored) to what its receipt says. */
  private static void include(
      RelayTransaction tx, Inclusion inclusion, long head, int required, Instant now) {
    Receipt receipt = inclusion.receipt();
    int confirmations = confirmations(head, receipt);
    boolean wasReorged = tx.blockHash != null && !receipt.blockHash().equals(tx.blockHash);
    String note = null;
    if (!receipt.txHash().equals(tx.txHash)) {
      note = "included as " + receipt.txHash() + " (an earlier attempt at this nonce)";
      tx.txHash = receipt.txHash();
    }
    if (wasReorged) {
      note = "re-included in block " + receipt.blockNumber() + " after a reorg";
    }
    tx.blockNumber = receipt.blockNumber();
    tx.blockHash = receipt.blockHash();
    tx.gasUsed = receipt.gasUsed();
    tx.effectiveGasPrice = receipt.effectiveGasPrice();
    tx.confirmations = confirmations;
    if (inclusion.cancellation()) {
      String cancelled =
          "nonce "
              + tx.nonce
              + " taken by the cancellation "
              + receipt.txHash()
              + ": the transaction could no longer be mined";
      if (confirmations >= required) {
        RelayLedger.move(tx, Status.CANCELLED, cancelled, now);
      } else {
        RelayLedger.move(tx, Status.INCLUDED, cancelled + " (cancellation included)", now);
      }
      return;
    }
    if (!receipt.success()) {
      RelayLedger.move(tx, Status.FAILED, inclusion.revertReason(), now);
    } else if (confirmations >= required) {
      RelayLedger.move(tx, Status.CONFIRMED, note, now);
    } else {
      RelayLedger.move(tx, Status.INCLUDED, note, now);
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
    } catch (RpcUnavailable outage) {
      return "reverted on chain";
    }
  }

  private void onReorgedOut(
      RelayTransaction row, RelayAttempt latest, boolean inPool, Instant now) {
    reorgedOut.increment();
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              RelayTransaction tx =
                  RelayTransaction.findById(row.requestId, LockModeType.PESSIMISTIC_WRITE);
              if (tx == null || tx.done) {
                return;
              }
              String block = String.valueOf(tx.blockNumber);
              tx.blockNumber = null;
              tx.blockHash = null;
              tx.confirmations = 0;
              tx.gasUsed = null;
              tx.effectiveGasPrice = null;
              if (inPool) {
                ledger.record(tx, Status.IN_POOL, "reorged out of block " + block, now);
              } else {
                ledger.record(tx, Status.DROPPED, "reorged out of block " + block, now);
              }
            });
    if (!inPool) {
      broadcast(row.requestId, row.sender, latest, SendKind.RESEND, "re-sent after a reorg");
    }
  }

  private void onDropped(RelayTransaction row, RelayAttempt latest, Instant now) {
    if (row.nonce != null && chain.nonce(row.sender, "latest") > row.nonce) {
      // The nonce is used on chain, yet by none of this request's attempts.
      QuarkusTransaction.requiringNew()
          .run(
              () -> {
                RelayTransaction tx =
                    RelayTransaction.findById(row.requestId, LockModeType.PESSIMISTIC_WRITE);
                if (tx == null || tx.done) {
                  return;
                }
                if (tx.own()) {
                  String note =
                      "nonce "
                          + tx.nonce
                          + " was used by a transaction the relay did not send; sending again"
                          + " with a new nonce";
                  tx.nonce = null;
                  tx.txHash = null;
                  ledger.record(tx, Status.PENDING, note, now);
                } else {
                  failed.increment();
                  ledger.record(
                      tx, Status.FAILED, "nonce " + tx.nonce + " used by another transaction", now);
                }
              });
      return;
    }
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              RelayTransaction tx =
                  RelayTransaction.findById(row.requestId, LockModeType.PESSIMISTIC_WRITE);
              if (tx != null && !tx.done) {
                ledger.record(tx, Status.DROPPED, "no longer in the node's pool", now);
              }
            });
    broadcast(row.requestId, row.sender, latest, SendKind.RESEND, "re-sent after it was dropped");
  }

  private void reprice(
      RelayTransaction row, RelayAttempt latest, FeeMarket market, Instant now, long head) {
    Fees current = new Fees(latest.maxFee, latest.priorityFee);
    if (latest.cancels) {
      // A cancellation waits: outbid it only once it is stale or cannot be mined.
      boolean stale =
          !(row.lastSentAt == null ? row.createdAt : row.lastSentAt)
              .plus(config.fees().bumpAfter())
              .isAfter(now);
      if (stale || FeeStrategy.unmineable(current, market.nextBaseFee())) {
        cancel(row, latest, market, now, "cancellation re-priced");
      }
      return;
    }
    FeeDecision decision =
        fees.reprice(
            current,
            row.lastSentAt == null ? row.createdAt : row.lastSentAt,
            new FeeStrategy.Inputs(
                market.nextBaseFee(),
                market.suggestedTip(),
                row.deadline,
                now,
                row.valueAtStake,
                row.gasLimit));
    if (decision instanceof FeeDecision.Keep) {
      stuckSince.remove(row.requestId);
      return;
    }
    // About to pay more, or stuck at the ceiling: first make sure it would still do something.
    if (chain.simulate(CallSpec.of(row.sender, row.target, row.data, row.value), "latest")
        instanceof Simulation.Reverted reverted) {
      cancel(row, latest, market, now, "it would now revert: " + reverted.reason());
      return;
    }
    switch (decision) {
      case FeeDecision.Keep keep -> {}
      case FeeDecision.AtCeiling ceiling -> {
        String note =
            "fee at its ceiling: "
                + ceiling.ceiling().maxFeePerGas()
                + " wei/gas, next base fee "
                + market.nextBaseFee();
        if (!FeeStrategy.unmineable(current, market.nextBaseFee())) {
          stuckSince.remove(row.requestId);
        } else {
          long since = stuckSince.computeIfAbsent(row.requestId, id -> head);
          int limit = config.fees().stuckBlocks();
          if (head - since >= limit) {
            cancel(
                row,
                latest,
                market,
                now,
                "fee cap "
                    + current.maxFeePerGas()
                    + " wei/gas at its ceiling, below the base fee for "
                    + limit
                    + " blocks (next base fee "
                    + market.nextBaseFee()
                    + ")");
            return;
          }
        }
        if (!note.equals(row.reason)) {
          atCeiling.increment();
          QuarkusTransaction.requiringNew()
              .run(
                  () -> {
                    RelayTransaction tx = RelayTransaction.findById(row.requestId);
                    if (tx != null && !tx.done) {
                      tx.reason = note;
                      tx.updatedAt = now;
                    }
                  });
        }
      }
      case FeeDecision.Replace replace -> {
        stuckSince.remove(row.requestId);
        replace(row, latest, replace.fees(), now);
      }
    }
  }

  /**
   * Replaces a transaction that can no longer be mined with a zero-value transfer to its sender at
   * the same nonce, priced to land under the default ceiling, so the key's later transactions move.
   * Whichever of the request's attempts is mined decides its outcome: the request's own transaction
   * (CONFIRMED or FAILED) or the cancellation (CANCELLED).
   */
  private void cancel(
      RelayTransaction row, RelayAttempt latest, FeeMarket market, Instant now, String why) {
    Optional<Credentials> key = hotKeys.key(row.sender);
    if (key.isEmpty() || row.nonce == null) {
      return;
    }
    Optional<Fees> priced =
        fees.cancellation(
            new Fees(latest.maxFee, latest.priorityFee),
            new FeeStrategy.Inputs(
                market.nextBaseFee(), market.suggestedTip(), 0, now, null, TRANSFER_GAS));
    stuckSince.remove(row.requestId);
    if (priced.isEmpty()) {
      cancellationsImpossible.increment();
      LOG.errorf(
          "cannot cancel %s at nonce %d of %s: the default fee ceiling does not cover next base"
              + " fee %s",
          row.requestId, row.nonce, row.sender, market.nextBaseFee());
      return;
    }
    String note = "cancellation: " + why + "; replaces " + latest.txHash;
    RelayAttempt attempt = signAgain(row, latest, key.get(), priced.get(), true, now);
    if (attempt != null) {
      LOG.warnf("cancelling %s at nonce %d of %s: %s", row.requestId, row.nonce, row.sender, why);
      broadcast(row.requestId, row.sender, attempt, SendKind.CANCELLATION, note);
    }
  }

  private void replace(RelayTransaction row, RelayAttempt latest, Fees raised, Instant now) {
    Optional<Credentials> key = hotKeys.key(row.sender);
    if (key.isEmpty()) {
      return;
    }
    String note =
        "fee bump: maxFeePerGas "
            + latest.maxFee
            + " -> "
            + raised.maxFeePerGas()
            + ", tip "
            + latest.priorityFee
            + " -> "
            + raised.maxPriorityFeePerGas()
            + "; replaces "
            + latest.txHash;
    RelayAttempt attempt = signAgain(row, latest, key.get(), raised, false, now);
    if (attempt != null) {
      broadcast(row.requestId, row.sender, attempt, SendKind.REPLACEMENT, note);
    }
  }

  /**
   * Signs and stores one more attempt of a request at its nonce: the request's own call with new
   * fees, or, when {@code cancels}, a zero-value transfer of 21,000 gas to the sender. Null when
   * the request moved on since {@code latest} was read.
   */
  private RelayAttempt signAgain(
      RelayTransaction row,
      RelayAttempt latest,
      Credentials key,
      Fees fees,
      boolean cancels,
      Instant now) {
    long id = chainId();
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              RelayTransaction tx =
                  RelayTransaction.findById(row.requestId, LockModeType.PESSIMISTIC_WRITE);
              if (tx == null || tx.done || !latest.txHash.equals(tx.txHash)) {
                return null;
              }
              TxSigner.Signed signed =
                  cancels
                      ? TxSigner.sign(
                          key, id, tx.nonce, TRANSFER_GAS, tx.sender, BigInteger.ZERO, "0x", fees)
                      : TxSigner.sign(
                          key, id, tx.nonce, tx.gasLimit, tx.target, tx.value, tx.data, fees);
              tx.maxFee = fees.maxFeePerGas();
              tx.priorityFee = fees.maxPriorityFeePerGas();
              tx.txHash = signed.txHash();
              tx.updatedAt = now;
              return storeAttempt(tx, signed, cancels);
            });
  }

  private void pruneSendLog() {
    Instant now = clock.instant();
    if (Duration.between(lastPrune, now).compareTo(Duration.ofMinutes(1)) < 0) {
      return;
    }
    lastPrune = now;
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                entityManager
                    .createNativeQuery("delete from relay_send_log where finished_at < ?1")
                    .setParameter(1, now.minus(config.sendLogRetention()))
                    .executeUpdate());
  }
}
