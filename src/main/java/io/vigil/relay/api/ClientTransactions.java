package io.vigil.relay.api;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.core.api.Problem;
import io.vigil.core.api.ProblemException;
import io.vigil.core.concurrent.Coalescer;
import io.vigil.core.config.VigilConfig;
import io.vigil.core.crypto.Address;
import io.vigil.core.crypto.Hex;
import io.vigil.core.crypto.Secp256k1Engine;
import io.vigil.core.crypto.Signature;
import io.vigil.core.messaging.TransactionOutcome.Status;
import io.vigil.relay.Carrier;
import io.vigil.relay.FinalViews;
import io.vigil.relay.IntakeLimits;
import io.vigil.relay.RelayConfig;
import io.vigil.relay.RelayLedger;
import io.vigil.relay.chain.HubAbi;
import io.vigil.relay.chain.RelayChain;
import io.vigil.relay.chain.RelayChain.CallSpec;
import io.vigil.relay.chain.RelayChain.SendResult;
import io.vigil.relay.chain.RelayChain.Simulation;
import io.vigil.relay.chain.RpcUnavailable;
import io.vigil.relay.persistence.RelayRows;
import io.vigil.relay.persistence.RelayRows.FirstSend;
import io.vigil.relay.persistence.RelayRows.NewClient;
import io.vigil.relay.persistence.RelayTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.Sign;
import org.web3j.crypto.SignedRawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.transaction.type.Transaction1559;
import org.web3j.crypto.transaction.type.TransactionType;
import org.web3j.utils.Numeric;

/**
 * Takes client-signed hub transactions: checks them (encoding, chain id, signature, target and
 * function, gas limit, nonce, a simulation at the pending block), stores each once by hash before
 * answering, then broadcasts it. A refusal stores nothing.
 */
@ApplicationScoped
public class ClientTransactions {

  private static final Secp256k1Engine SIGNERS = Secp256k1Engine.best();

  private static final String WOULD_REVERT = "urn:vigil:problem:would-revert";

  private final RelayConfig config;
  private final VigilConfig vigil;
  private final RelayChain chain;
  private final HubAbi abi;
  private final RelayLedger ledger;
  private final RelayRows rows;
  private final MeterRegistry metrics;
  private final Carrier carrier;
  private final FinalViews finalViews;
  private final IntakeLimits limits;

  // With vigil.relay.raw.max-batch above 1 (it is 1 by default), concurrent submissions share
  // their round trips to the node and their commits: a step whose batches in flight are all busy
  // takes every submission that reached it meanwhile into its next batch.
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
      RelayRows rows,
      MeterRegistry metrics,
      Carrier carrier,
      FinalViews finalViews,
      IntakeLimits limits) {
    this.config = config;
    this.vigil = vigil;
    this.chain = chain;
    this.abi = abi;
    this.ledger = ledger;
    this.rows = rows;
    this.metrics = metrics;
    this.carrier = carrier;
    this.finalViews = finalViews;
    this.limits = limits;
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
    String raw = hex(body.raw());
    String txHash = Hash.sha3(raw).toLowerCase(Locale.ROOT);
    Checked checked;
    try {
      checked = check(raw, body.from());
    } catch (ProblemException | RpcUnavailable refused) {
      Optional<TransactionView> repeat = find(txHash);
      if (repeat.isPresent()) {
        count("repeated");
        return new Submitted(repeat.get(), false);
      }
      if (refused instanceof ProblemException problem
          && WOULD_REVERT.equals(problem.problem().type())) {
        count("would-revert");
      }
      throw refused;
    }
    // Stored with the database's precision, so this answer and a later GET agree.
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    RelayTransaction row = row(checked, txHash, now);
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

  /** What the checks learned about a transaction. */
  record Checked(
      String from,
      String to,
      String data,
      BigInteger value,
      long nonce,
      long gasLimit,
      BigInteger maxFee,
      BigInteger tip,
      String function) {}

  private String hex(String raw) {
    if (raw == null || raw.isBlank()) {
      throw refuse("raw", "missing");
    }
    if (raw.length() > config.raw().maxHexLength()) {
      throw ProblemException.of(
          Response.Status.REQUEST_ENTITY_TOO_LARGE,
          "too-large",
          "raw: longer than " + config.raw().maxHexLength() + " hex characters",
          "raw");
    }
    int digits = raw.length() - 2;
    if (digits <= 0 || digits % 2 != 0 || !Hex.isHex(raw, digits)) {
      throw refuse("raw", "not 0x-prefixed hex with an even number of digits");
    }
    return raw.toLowerCase(Locale.ROOT);
  }

  private Checked check(String raw, String expectedFrom) {
    RawTransaction decoded;
    try {
      decoded = TransactionDecoder.decode(raw);
    } catch (RuntimeException garbage) {
      throw refuse("raw", "not a decodable transaction");
    }
    if (!(decoded instanceof SignedRawTransaction signed)) {
      throw refuse("raw.signature", "the transaction is not signed");
    }
    TransactionType type = decoded.getType();
    if (type != TransactionType.LEGACY && type != TransactionType.EIP1559) {
      throw refuse("raw.type", "only EIP-1559 and EIP-155 legacy transactions are relayed");
    }
    long expectedChain = chainId();
    Long chainId =
        type == TransactionType.EIP1559
            ? ((Transaction1559) decoded.getTransaction()).getChainId()
            : legacyChainId(signed);
    if (chainId == null) {
      throw refuse("raw.chainId", "missing (pre-EIP-155 signatures can be replayed on any chain)");
    }
    if (chainId != expectedChain) {
      throw refuse("raw.chainId", "is " + chainId + ", this relay serves chain " + expectedChain);
    }
    String from = signer(signed, expectedFrom);
    // Before any call to the node: a sender over its rate costs one statement.
    limits.admitTransaction(from);
    String hub = hub();
    String to = decoded.getTo() == null ? "" : decoded.getTo().toLowerCase(Locale.ROOT);
    if (to.isEmpty() || to.equals("0x")) {
      throw refuse("raw.to", "contract creation is not relayed");
    }
    if (!to.equals(hub)) {
      throw refuse("raw.to", to + " is not the channel hub " + hub);
    }
    String data = decoded.getData() == null ? "" : decoded.getData().toLowerCase(Locale.ROOT);
    if (!data.startsWith("0x")) {
      data = "0x" + data;
    }
    String function = data.length() >= 10 ? abi.function(data.substring(0, 10)) : null;
    Set<String> allowed = Set.copyOf(config.raw().allowedFunctions());
    if (function == null || !allowed.contains(function)) {
      throw refuse(
          "raw.data",
          "calls "
              + (function == null ? "no known hub function" : function)
              + "; allowed: "
              + String.join(", ", config.raw().allowedFunctions()));
    }
    long gasLimit;
    try {
      gasLimit = decoded.getGasLimit().longValueExact();
    } catch (ArithmeticException huge) {
      gasLimit = Long.MAX_VALUE;
    }
    if (gasLimit < config.raw().minGasLimit() || gasLimit > config.raw().maxGasLimit()) {
      throw refuse(
          "raw.gasLimit",
          gasLimit
              + " is outside "
              + config.raw().minGasLimit()
              + ".."
              + config.raw().maxGasLimit());
    }
    BigInteger maxFee;
    BigInteger tip;
    if (decoded.getTransaction() instanceof Transaction1559 eip1559) {
      maxFee = eip1559.getMaxFeePerGas();
      tip = eip1559.getMaxPriorityFeePerGas();
    } else {
      maxFee = decoded.getGasPrice();
      tip = decoded.getGasPrice();
    }
    BigInteger value = decoded.getValue() == null ? BigInteger.ZERO : decoded.getValue();
    long nonce = decoded.getNonce().longValueExact();
    Checked checked = new Checked(from, to, data, value, nonce, gasLimit, maxFee, tip, function);
    RelayChain.Preflight preflight =
        preflights.submit(
            new CallSpec(from, to, data, value, gasLimit, checked.maxFee(), checked.tip()));
    long mined = preflight.minedNonce();
    long pending = preflight.pendingNonce();
    if (nonce < mined) {
      throw ProblemException.of(
          Response.Status.CONFLICT,
          "nonce-used",
          "raw.nonce: " + nonce + " is already used (the account's next nonce is " + mined + ")",
          "raw.nonce");
    }
    if (nonce > pending + config.raw().maxNonceAhead()) {
      throw refuse(
          "raw.nonce",
          nonce
              + " is more than "
              + config.raw().maxNonceAhead()
              + " ahead of the account's pending nonce "
              + pending);
    }
    if (preflight.simulation() instanceof Simulation.Reverted reverted) {
      throw new ProblemException(
          new Problem(
              WOULD_REVERT,
              "Unprocessable Content",
              422,
              "raw: the transaction would fail: " + reverted.reason(),
              "raw"));
    }
    return checked;
  }

  private static Long legacyChainId(SignedRawTransaction signed) {
    byte[] v = signed.getSignatureData().getV();
    long realV = new BigInteger(1, v).longValue();
    if (realV == 27 || realV == 28) {
      return null;
    }
    return (realV - 35) / 2;
  }

  private static String signer(SignedRawTransaction signed, String expectedFrom) {
    Sign.SignatureData signature = signed.getSignatureData();
    BigInteger r = new BigInteger(1, signature.getR());
    BigInteger s = new BigInteger(1, signature.getS());
    if (r.signum() == 0 || r.compareTo(Secp256k1Engine.ORDER) >= 0 || s.signum() == 0) {
      throw refuse("raw.signature", "r or s is out of range");
    }
    if (s.compareTo(Secp256k1Engine.HALF_ORDER) > 0) {
      throw refuse("raw.signature", "s is in the upper half of the curve order (malleable)");
    }
    String from =
        recoverSigner(signed)
            .orElseThrow(() -> refuse("raw.signature", "no signer can be recovered"))
            .toLowerCase(Locale.ROOT);
    if (expectedFrom != null
        && !expectedFrom.isBlank()
        && !expectedFrom.toLowerCase(Locale.ROOT).equals(from)) {
      throw refuse("raw.signature", "recovers to " + from + ", not to from " + expectedFrom);
    }
    return from;
  }

  /**
   * The signer, recovered as web3j's {@code getFrom()} does (the same signing payload and recovery
   * id) but with the native secp256k1 engine when it loads: about four times faster.
   */
  private static Optional<String> recoverSigner(SignedRawTransaction signed) {
    try {
      Sign.SignatureData signature = signed.getSignatureData();
      byte[] digest = Hash.sha3(signed.getEncodedTransaction(signed.getChainId()));
      byte v = signed.getRealV(Numeric.toBigInt(signature.getV()));
      return SIGNERS
          .recoverAddress(
              digest,
              Signature.of(
                  Numeric.toBytesPadded(new BigInteger(1, signature.getR()), 32),
                  Numeric.toBytesPadded(new BigInteger(1, signature.getS()), 32),
                  v))
          .map(Address::hex);
    } catch (RuntimeException invalid) {
      return Optional.empty();
    }
  }

  /** The row a new client transaction gets, before it is stored. */
  private static RelayTransaction row(Checked checked, String txHash, Instant now) {
    RelayTransaction tx = new RelayTransaction();
    tx.requestId = requestId(txHash);
    tx.kind = RelayTransaction.CLIENT;
    tx.purpose = "CLIENT_RAW";
    tx.sender = checked.from();
    tx.target = checked.to();
    tx.data = checked.data();
    tx.value = checked.value();
    tx.valueAtStake = BigInteger.ZERO;
    tx.nonce = checked.nonce();
    tx.gasLimit = checked.gasLimit();
    tx.maxFee = checked.maxFee();
    tx.priorityFee = checked.tip();
    tx.txHash = txHash;
    tx.status = Status.PENDING.name();
    tx.createdAt = now;
    tx.updatedAt = now;
    return tx;
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
    Instant finished = Instant.now().truncatedTo(ChronoUnit.MICROS);
    tx.sends = 1;
    tx.lastSentAt = finished;
    tx.updatedAt = finished;
    boolean accepted = result instanceof SendResult.Accepted;
    if (accepted) {
      tx.status = Status.IN_POOL.name();
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
    return rows.find(id).map(tx -> TransactionView.of(tx, required));
  }

  static String requestId(String txHash) {
    return "raw:" + txHash;
  }

  private long chainId() {
    return vigil.chain().chainId().orElseGet(chain::chainId);
  }

  private String hub() {
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
