package io.vigil.relay;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.vigil.core.config.VigilConfig;
import io.vigil.relay.chain.RelayChain;
import io.vigil.relay.chain.RelayChain.FeeMarket;
import io.vigil.relay.chain.RelayChain.SendResult;
import io.vigil.relay.fee.FeeStrategy;
import io.vigil.relay.fee.Fees;
import io.vigil.relay.persistence.RelayAttempt;
import io.vigil.relay.persistence.RelayTransaction;
import jakarta.inject.Singleton;
import jakarta.persistence.LockModeType;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.web3j.crypto.Credentials;

/**
 * Broadcasts the attempts of stored requests and records what the node answered; signs the further
 * attempts at a request's nonce (a re-priced call, or a cancellation). Called from the carrier's
 * thread only.
 */
@Singleton
public class Broadcaster {

  /** The carrier's log category, which operators filter on. */
  private static final Logger LOG = Logger.getLogger(Carrier.class);

  static final long TRANSFER_GAS = 21_000;

  private final VigilConfig vigil;
  private final HotKeys hotKeys;
  private final RelayLedger ledger;
  private final RelayChain chain;
  private final FeeStrategy fees;
  private final Clock clock;
  private final String instance;
  private final Counter sent;
  private final Counter replaced;
  private final Counter resent;
  private final Counter cancellations;
  private final Counter cancellationsImpossible;

  private volatile Long chainId;

  public Broadcaster(
      VigilConfig vigil,
      HotKeys hotKeys,
      RelayLedger ledger,
      RelayChain chain,
      FeeStrategy fees,
      Clock clock,
      MeterRegistry metrics) {
    this.vigil = vigil;
    this.hotKeys = hotKeys;
    this.ledger = ledger;
    this.chain = chain;
    this.fees = fees;
    this.clock = clock;
    this.instance = RelayLedger.instanceName();
    this.sent = metrics.counter("vigil_relay_sent_total");
    this.replaced = metrics.counter("vigil_relay_replaced_total");
    this.resent = metrics.counter("vigil_relay_resent_total");
    this.cancellations = metrics.counter("vigil_relay_cancellations_total");
    this.cancellationsImpossible = metrics.counter("vigil_relay_cancellations_impossible_total");
  }

  /** Why an attempt is broadcast; it decides the status an accepted broadcast records. */
  enum SendKind {
    FIRST,
    RESEND,
    REPLACEMENT,
    CANCELLATION
  }

  /** The chain the relay signs for: configured, or asked of the node once. */
  long chainId() {
    Long known = chainId;
    if (known == null) {
      known = vigil.chain().chainId().orElseGet(chain::chainId);
      chainId = known;
    }
    return known;
  }

  /** Stores one signed attempt of {@code tx} (inside the caller's transaction). */
  static RelayAttempt storeAttempt(RelayTransaction tx, TxSigner.Signed signed, boolean cancels) {
    RelayAttempt attempt =
        RelayAttempt.of(
            signed.txHash(),
            tx.requestId,
            tx.nonce,
            tx.maxFee,
            tx.priorityFee,
            signed.raw(),
            cancels,
            tx.updatedAt);
    attempt.persist();
    return attempt;
  }

  /**
   * Sends one stored attempt, logs the send and records the node's answer on the request's row: an
   * accepted send moves it to the status {@code kind} names (with {@code reason}); a refused one
   * keeps its status and says why.
   */
  void broadcast(
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
                      if (tx.status == TxStatus.PENDING) {
                        ledger.record(tx, TxStatus.IN_POOL, null, finished);
                      }
                    }
                    case RESEND -> {
                      resent.increment();
                      ledger.record(tx, TxStatus.RESENT, reason, finished);
                    }
                    case REPLACEMENT -> {
                      replaced.increment();
                      ledger.record(tx, TxStatus.REPLACED, reason, finished);
                    }
                    case CANCELLATION -> {
                      cancellations.increment();
                      ledger.record(tx, TxStatus.REPLACED, reason, finished);
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

  /**
   * Replaces a transaction that can no longer be mined with a zero-value transfer to its sender at
   * the same nonce, priced to land under the default ceiling, so the key's later transactions move.
   * Whichever of the request's attempts is mined decides its outcome: the request's own transaction
   * (CONFIRMED or FAILED) or the cancellation (CANCELLED). Returns false, having done nothing, when
   * the relay has no key for the sender or the request no nonce.
   */
  boolean cancel(
      RelayTransaction row, RelayAttempt latest, FeeMarket market, Instant now, String why) {
    Optional<Credentials> key = hotKeys.key(row.sender);
    if (key.isEmpty() || row.nonce == null) {
      return false;
    }
    Optional<Fees> priced =
        fees.cancellation(
            new Fees(latest.maxFee, latest.priorityFee),
            new FeeStrategy.Inputs(
                market.nextBaseFee(), market.suggestedTip(), 0, now, null, TRANSFER_GAS));
    if (priced.isEmpty()) {
      cancellationsImpossible.increment();
      LOG.errorf(
          "cannot cancel %s at nonce %d of %s: the default fee ceiling does not cover next base"
              + " fee %s",
          row.requestId, row.nonce, row.sender, market.nextBaseFee());
      return true;
    }
    String note = "cancellation: " + why + "; replaces " + latest.txHash;
    RelayAttempt attempt = signAgain(row, latest, key.get(), priced.get(), true, now);
    if (attempt != null) {
      LOG.warnf("cancelling %s at nonce %d of %s: %s", row.requestId, row.nonce, row.sender, why);
      broadcast(row.requestId, row.sender, attempt, SendKind.CANCELLATION, note);
    }
    return true;
  }

  /** Signs the request's call again at its nonce with {@code raised} fees and broadcasts it. */
  void replace(RelayTransaction row, RelayAttempt latest, Fees raised, Instant now) {
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
}
