package io.vigil.relay.api;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.core.api.ProblemException;
import io.vigil.core.chain.ChainException;
import io.vigil.core.chain.HubAbi;
import io.vigil.core.concurrent.Coalescer;
import io.vigil.core.config.VigilConfig;
import io.vigil.core.limits.Grant;
import io.vigil.core.limits.RateLimit;
import io.vigil.core.limits.RateLimiter;
import io.vigil.relay.Carrier;
import io.vigil.relay.FinalViews;
import io.vigil.relay.RelayConfig;
import io.vigil.relay.RelayLedger;
import io.vigil.relay.TxStatus;
import io.vigil.relay.chain.RelayChain;
import io.vigil.relay.chain.RelayChain.CallSpec;
import io.vigil.relay.chain.RelayChain.SendResult;
import io.vigil.relay.persistence.ClientRows;
import io.vigil.relay.persistence.ClientRows.FirstSend;
import io.vigil.relay.persistence.ClientRows.NewClient;
import io.vigil.relay.persistence.RelayTransaction;
import io.vigil.relay.persistence.StatusRows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.web3j.crypto.Hash;

/**
 * Takes client-signed hub transactions: checks them as the {@link RawTransactionRules} say
 * (encoding, chain id, signature, target and function, gas limit, nonce, a simulation at the
 * pending block), stores each once by hash before answering, then broadcasts it; answers the status
 * API. A refusal stores nothing.
 */
@ApplicationScoped
public class ClientTransactions {

  private final RelayConfig config;
  private final VigilConfig vigil;
  private final RelayChain chain;
  private final RawTransactionRules rules;
  private final RelayLedger ledger;
  private final ClientRows rows;
  private final StatusRows lookups;
  private final MeterRegistry metrics;
  private final Carrier carrier;
  private final FinalViews finalViews;
  private final RateLimiter limiter;

  /** Client transactions per sender, shared by every relay replica; refused before storing. */
  private final RateLimit perSender;

  private final Clock clock;

  // Concurrent submissions share their round trips to the node and their commits (unless
  // vigil.relay.raw.max-batch is 1): a step whose batches in flight are all busy takes every
  // submission that reached it meanwhile into its next batch.
  private final Coalescer<String, Boolean> rates;
  private final Coalescer<CallSpec, RelayChain.Preflight> preflights;
  private final Coalescer<NewClient, Boolean> stores;
  private final Coalescer<String, SendResult> sends;
  private final Coalescer<FirstSend, Boolean> records;

  public ClientTransactions(
      RelayConfig config,
      VigilConfig vigil,
      RelayChain chain,
      HubAbi abi,
      RelayLedger ledger,
      ClientRows rows,
      StatusRows lookups,
      MeterRegistry metrics,
      Carrier carrier,
      FinalViews finalViews,
      RateLimiter limiter,
      Clock clock) {
    this.config = config;
    this.vigil = vigil;
    this.chain = chain;
    RelayConfig.Raw raw = config.raw();
    this.rules = new RawTransactionRules(RawTransactionRules.Limits.of(raw), abi);
    this.perSender =
        RateLimit.of(
                "relay.transactions", "transactions", raw.ratePerSender(), raw.burstPerSender())
            .refusing("the sender", "raw.signature");
    this.ledger = ledger;
    this.rows = rows;
    this.lookups = lookups;
    this.metrics = metrics;
    this.carrier = carrier;
    this.finalViews = finalViews;
    this.limiter = limiter;
    this.clock = clock;
    this.rates = stage("rate", this::admit);
    this.preflights = stage("preflight", chain::preflight);
    this.stores = stage("store", batch -> results(rows.insertClients(batch)));
    this.sends = stage("send", chain::send);
    this.records = stage("record", batch -> results(rows.recordFirstSends(batch)));
  }

  /** One step of the intake, sharing its batches as {@code vigil.relay.raw} says. */
  private <I, O> Coalescer<I, O> stage(
      String name, Function<List<I>, List<Coalescer.Result<O>>> batch) {
    return new Coalescer<>(
        batch,
        Math.max(1, config.raw().maxBatch()),
        Math.max(1, config.raw().batchesInFlight()),
        batchSizes(metrics, name));
  }

  private static IntConsumer batchSizes(MeterRegistry metrics, String stage) {
    DistributionSummary sizes =
        DistributionSummary.builder("vigil_relay_intake_batch_size")
            .description("Client transactions per shared round trip or commit of the intake")
            .tag("stage", stage)
            .register(metrics);
    return sizes::record;
  }

  /**
   * Takes one token of the per-sender limit for each submission, all senders of the batch in one
   * statement; a sender with several submissions in it gets as many as its bucket holds, the
   * earliest first.
   */
  private List<Coalescer.Result<Boolean>> admit(List<String> senders) {
    Map<String, Integer> wanted = new HashMap<>();
    for (String sender : senders) {
      wanted.merge(sender.toLowerCase(Locale.ROOT), 1, Integer::sum);
    }
    Map<String, Grant> grants = limiter.take(perSender, wanted);
    Map<String, Integer> used = new HashMap<>();
    List<Coalescer.Result<Boolean>> results = new ArrayList<>(senders.size());
    for (String sender : senders) {
      String key = sender.toLowerCase(Locale.ROOT);
      Grant grant = grants.get(key);
      if (used.merge(key, 1, Integer::sum) <= grant.granted()) {
        results.add(Coalescer.Result.of(true));
      } else {
        results.add(
            Coalescer.Result.failed(
                grant.refusal(perSender.who() + " " + sender, perSender.field())));
      }
    }
    return results;
  }

  private static <O> List<Coalescer.Result<O>> results(List<O> values) {
    List<Coalescer.Result<O>> results = new ArrayList<>(values.size());
    for (O value : values) {
      results.add(Coalescer.Result.of(value));
    }
    return results;
  }

  /** The stored transaction and whether this call created it (false: a repeat). */
  public record Submitted(TransactionView view, boolean created) {}

  /**
   * Checks, stores and broadcasts a client-signed transaction. A transaction stored before is
   * answered as a repeat; it is looked up only when the checks refuse it (its nonce is used by now,
   * or it would revert on top of itself) or when storing finds it there, so a new transaction costs
   * no lookup.
   */
  public Submitted submit(RawSubmission body) {
    if (body == null) {
      throw refuse("body", "missing");
    }
    String raw = rules.hex(body.raw());
    String txHash = Hash.sha3(raw).toLowerCase(Locale.ROOT);
    RawTransactionRules.Checked checked;
    try {
      checked = check(raw, body.from());
    } catch (ProblemException | ChainException refused) {
      if (refused instanceof ChainException failure && !failure.isRetryable()) {
        throw failure;
      }
      Optional<TransactionView> repeat = find(txHash);
      if (repeat.isPresent()) {
        count("repeated");
        return new Submitted(repeat.get(), false);
      }
      if (refused instanceof ProblemException problem
          && RawTransactionRules.WOULD_REVERT.equals(problem.problem().type())) {
        count("would-revert");
      }
      throw refused;
    }
    // Stored with the database's precision, so this answer and a later GET agree.
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    RelayTransaction row = RawTransactionRules.row(checked, txHash, now);
    boolean created = stores.submit(new NewClient(row, raw));
    if (!created) {
      count("repeated");
      return new Submitted(find(txHash).orElseThrow(), false);
    }
    count("accepted");
    // The carrier is not woken: the transaction is in the pool already, and its next regular
    // pass (vigil.relay.track-interval) looks for its receipt together with every other one.
    broadcast(row, raw);
    return new Submitted(TransactionView.of(row, Math.max(1, config.confirmations())), true);
  }

  private void count(String result) {
    metrics.counter("vigil_relay_client_transactions_total", "result", result).increment();
  }

  /**
   * Runs the {@link RawTransactionRules} in their order, asking the node and the sender's rate
   * limit where they need it: the chain id, the rate (before any call to the node, so a sender over
   * its rate costs one statement), the hub, then one preflight for the nonces and a simulation.
   */
  private RawTransactionRules.Checked check(String raw, String expectedFrom) {
    RawTransactionRules.Decoded decoded = RawTransactionRules.decode(raw);
    RawTransactionRules.checkChain(decoded, chainId());
    String from = RawTransactionRules.signer(decoded.signed(), expectedFrom);
    rates.submit(from);
    RawTransactionRules.Checked checked = rules.call(decoded, from, hub());
    RelayChain.Preflight preflight =
        preflights.submit(
            new CallSpec(
                from,
                checked.to(),
                checked.data(),
                checked.value(),
                checked.gasLimit(),
                checked.maxFee(),
                checked.tip()));
    rules.checkPreflight(checked, preflight);
    return checked;
  }

  /**
   * Broadcasts a stored transaction and records the answer on {@code tx} and in the database. Only
   * this request touches the row until then: the carrier leaves a client transaction alone until it
   * has been sent once (or for a grace period).
   */
  private void broadcast(RelayTransaction tx, String raw) {
    SendResult result;
    try {
      result = sends.submit(raw);
    } catch (RuntimeException outage) {
      // Stored: the carrier sends it once the node answers. Its first outcome (when client
      // outcomes are published in full) says it waits.
      String outcome = ledger.outcome(tx);
      try {
        if (outcome != null) {
          rows.queueOutcome(tx.requestId, outcome);
        }
      } catch (RuntimeException databaseDown) {
        // The row is stored; the carrier's first broadcast queues its next outcome.
      }
      return;
    }
    Instant finished = clock.instant().truncatedTo(ChronoUnit.MICROS);
    tx.sends = 1;
    tx.lastSentAt = finished;
    tx.updatedAt = finished;
    boolean accepted = result instanceof SendResult.Accepted;
    if (accepted) {
      tx.status = TxStatus.IN_POOL;
    } else {
      tx.reason = "node: " + result;
    }
    records.submit(new FirstSend(tx, ledger.outcome(tx)));
  }

  /**
   * What the status API answers: a stored transaction by request id or transaction hash. Reading
   * one that is not final asks the carrier for an early pass (see {@link Carrier#statusRead()}).
   */
  public Optional<TransactionView> status(String id) {
    String key = id.startsWith("0x") || id.startsWith("0X") ? id.toLowerCase(Locale.ROOT) : id;
    Optional<RelayTransaction> finished = finalViews.get(key);
    if (finished.isPresent()) {
      return Optional.of(TransactionView.of(finished.get(), Math.max(1, config.confirmations())));
    }
    Optional<TransactionView> view = find(id);
    if (view.isPresent() && !view.get().isFinal()) {
      carrier.statusRead();
    }
    return view;
  }

  /** A stored transaction by request id or by transaction hash. */
  public Optional<TransactionView> find(String id) {
    int required = Math.max(1, config.confirmations());
    return lookups.find(id).map(tx -> TransactionView.of(tx, required));
  }

  private long chainId() {
    return vigil.chain().chainId().orElseGet(chain::chainId);
  }

  private String hub() {
    return hub(vigil);
  }

  /** The configured hub, lower-case, or a 503 problem when there is none. */
  static String hub(VigilConfig vigil) {
    return vigil
        .chain()
        .hubAddress()
        .map(a -> a.toLowerCase(Locale.ROOT))
        .orElseThrow(
            () ->
                ProblemException.of(
                    Response.Status.SERVICE_UNAVAILABLE,
                    "no-hub",
                    "this relay has no channel hub configured (vigil.chain.hub-address)",
                    null));
  }

  static ProblemException refuse(String field, String reason) {
    return ProblemException.invalidField(field, reason);
  }

  static String hexOf(byte[] bytes) {
    return "0x" + HexFormat.of().formatHex(bytes);
  }
}
