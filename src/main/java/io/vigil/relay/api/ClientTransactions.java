package io.vigil.relay.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.vigil.core.api.Problem;
import io.vigil.core.api.ProblemException;
import io.vigil.core.config.VigilConfig;
import io.vigil.core.messaging.TransactionOutcome.Status;
import io.vigil.relay.Carrier;
import io.vigil.relay.RelayConfig;
import io.vigil.relay.RelayLedger;
import io.vigil.relay.chain.HubAbi;
import io.vigil.relay.chain.RelayChain;
import io.vigil.relay.chain.RelayChain.CallSpec;
import io.vigil.relay.chain.RelayChain.SendResult;
import io.vigil.relay.chain.RelayChain.Simulation;
import io.vigil.relay.persistence.RelayAttempt;
import io.vigil.relay.persistence.RelayTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.core.Response;
import java.math.BigInteger;
import java.security.SignatureException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.Sign;
import org.web3j.crypto.SignedRawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.transaction.type.Transaction1559;
import org.web3j.crypto.transaction.type.TransactionType;

/**
 * Takes client-signed hub transactions: checks them (encoding, chain id, signature, target and
 * function, gas limit, nonce, a simulation at the pending block), stores each once by hash before
 * answering, then broadcasts it. A refusal stores nothing.
 */
@ApplicationScoped
public class ClientTransactions {

  /** Half the secp256k1 group order: a larger s is the malleable twin of a valid signature. */
  static final BigInteger HALF_N =
      new BigInteger("7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0", 16);

  private static final BigInteger N =
      new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);

  private final RelayConfig config;
  private final VigilConfig vigil;
  private final RelayChain chain;
  private final HubAbi abi;
  private final RelayLedger ledger;
  private final Carrier carrier;
  private final EntityManager entityManager;
  private final MeterRegistry metrics;
  private final String instance = RelayLedger.instanceName();

  public ClientTransactions(
      RelayConfig config,
      VigilConfig vigil,
      RelayChain chain,
      HubAbi abi,
      RelayLedger ledger,
      Carrier carrier,
      EntityManager entityManager,
      MeterRegistry metrics) {
    this.config = config;
    this.vigil = vigil;
    this.chain = chain;
    this.abi = abi;
    this.ledger = ledger;
    this.carrier = carrier;
    this.entityManager = entityManager;
    this.metrics = metrics;
  }

  /** The stored transaction and whether this call created it (false: a repeat). */
  public record Submitted(TransactionView view, boolean created) {}

  /** Checks, stores and broadcasts a client-signed transaction. */
  public Submitted submit(RawSubmission body) {
    if (body == null) {
      throw refuse("body", "missing");
    }
    String raw = hex(body.raw());
    String txHash = Hash.sha3(raw).toLowerCase(Locale.ROOT);
    Optional<TransactionView> repeat = find(txHash);
    if (repeat.isPresent()) {
      count("repeated");
      return new Submitted(repeat.get(), false);
    }
    Checked checked = check(raw, body.from());
    Instant now = Instant.now();
    boolean created =
        QuarkusTransaction.requiringNew().call(() -> store(checked, raw, txHash, now));
    if (!created) {
      count("repeated");
      return new Submitted(find(txHash).orElseThrow(), false);
    }
    count("accepted");
    broadcast(checked, raw, txHash);
    carrier.wake();
    return new Submitted(find(txHash).orElseThrow(), true);
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
    if (!raw.matches("0x([0-9a-fA-F]{2})+")) {
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
        chain.preflight(
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
      count("would-revert");
      throw new ProblemException(
          new Problem(
              "urn:vigil:problem:would-revert",
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
    if (r.signum() == 0 || r.compareTo(N) >= 0 || s.signum() == 0) {
      throw refuse("raw.signature", "r or s is out of range");
    }
    if (s.compareTo(HALF_N) > 0) {
      throw refuse("raw.signature", "s is in the upper half of the curve order (malleable)");
    }
    String from;
    try {
      from = signed.getFrom();
    } catch (SignatureException | RuntimeException invalid) {
      throw refuse("raw.signature", "no signer can be recovered");
    }
    if (from == null) {
      throw refuse("raw.signature", "no signer can be recovered");
    }
    from = from.toLowerCase(Locale.ROOT);
    if (expectedFrom != null
        && !expectedFrom.isBlank()
        && !expectedFrom.toLowerCase(Locale.ROOT).equals(from)) {
      throw refuse("raw.signature", "recovers to " + from + ", not to from " + expectedFrom);
    }
    return from;
  }

  private boolean store(Checked tx, String raw, String txHash, Instant now) {
    int inserted =
        entityManager
            .createNativeQuery(
                "insert into relay_tx (request_id, kind, purpose, sender, target, data, value,"
                    + " nonce, gas_limit, max_fee, priority_fee, tx_hash, status, created_at,"
                    + " updated_at) values (?1, 'CLIENT', 'CLIENT_RAW', ?2, ?3, ?4, ?5, ?6, ?7,"
                    + " ?8, ?9, ?10, 'PENDING', ?11, ?11) on conflict do nothing")
            .setParameter(1, requestId(txHash))
            .setParameter(2, tx.from())
            .setParameter(3, tx.to())
            .setParameter(4, tx.data())
            .setParameter(5, tx.value())
            .setParameter(6, tx.nonce())
            .setParameter(7, tx.gasLimit())
            .setParameter(8, tx.maxFee())
            .setParameter(9, tx.tip())
            .setParameter(10, txHash)
            .setParameter(11, now)
            .executeUpdate();
    if (inserted == 0) {
      return false;
    }
    RelayAttempt attempt = new RelayAttempt();
    attempt.txHash = txHash;
    attempt.requestId = requestId(txHash);
    attempt.nonce = tx.nonce();
    attempt.maxFee = tx.maxFee();
    attempt.priorityFee = tx.tip();
    attempt.raw = raw;
    attempt.createdAt = now;
    attempt.persist();
    ledger.queue(RelayTransaction.findById(requestId(txHash)));
    return true;
  }

  private void broadcast(Checked checked, String raw, String txHash) {
    Instant started = Instant.now();
    SendResult result;
    try {
      result = chain.send(raw);
    } catch (RuntimeException outage) {
      return; // stored: the carrier sends it once the node answers
    }
    Instant finished = Instant.now();
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              ledger.logSend(checked.from(), checked.nonce(), txHash, instance, started, finished);
              RelayTransaction tx = RelayTransaction.findById(requestId(txHash));
              if (tx == null || tx.done) {
                return;
              }
              tx.sends++;
              tx.lastSentAt = finished;
              if (result instanceof SendResult.Accepted) {
                if (Status.PENDING.name().equals(tx.status)) {
                  ledger.record(tx, Status.IN_POOL, null, finished);
                }
              } else {
                tx.reason = "node: " + result;
                tx.updatedAt = finished;
              }
            });
  }

  /** A stored transaction by request id or by transaction hash. */
  public Optional<TransactionView> find(String id) {
    int required = Math.max(1, config.confirmations());
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              RelayTransaction tx = RelayTransaction.findById(id);
              if (tx == null && id.startsWith("0x")) {
                String hash = id.toLowerCase(Locale.ROOT);
                RelayAttempt attempt = RelayAttempt.findById(hash);
                tx =
                    attempt != null
                        ? RelayTransaction.findById(attempt.requestId)
                        : RelayTransaction.<RelayTransaction>find("txHash", hash).firstResult();
              }
              return Optional.ofNullable(tx).map(t -> TransactionView.of(t, required));
            });
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
