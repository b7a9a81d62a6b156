package io.vigil.relay.api;

import io.vigil.core.api.Problem;
import io.vigil.core.api.ProblemException;
import io.vigil.core.chain.HubAbi;
import io.vigil.core.crypto.Address;
import io.vigil.core.crypto.Hex;
import io.vigil.core.crypto.Secp256k1Engine;
import io.vigil.core.crypto.Signature;
import io.vigil.relay.RelayConfig;
import io.vigil.relay.TxStatus;
import io.vigil.relay.chain.RelayChain;
import io.vigil.relay.chain.RelayChain.Simulation;
import io.vigil.relay.persistence.RelayTransaction;
import jakarta.ws.rs.core.Response;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
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
import org.web3j.utils.Numeric;

/**
 * The checks a client-signed hub transaction passes before it is stored: encoding, chain id,
 * signature, target and function, gas limit, and, against what the node says of its sender, nonce
 * and a simulation. Pure: each check refuses with a {@link ProblemException} naming the field; the
 * caller asks the node and runs the checks in the order the intake has always run them.
 */
public final class RawTransactionRules {

  private static final Secp256k1Engine SIGNERS = Secp256k1Engine.best();

  /** The problem type of a transaction that would revert. */
  static final String WOULD_REVERT = "urn:vigil:problem:would-revert";

  /** The bounds of {@code vigil.relay.raw} the checks apply. */
  public record Limits(
      int maxHexLength,
      long minGasLimit,
      long maxGasLimit,
      long maxNonceAhead,
      List<String> allowedFunctions) {

    public Limits {
      allowedFunctions = List.copyOf(allowedFunctions);
    }

    public static Limits of(RelayConfig.Raw raw) {
      return new Limits(
          raw.maxHexLength(),
          raw.minGasLimit(),
          raw.maxGasLimit(),
          raw.maxNonceAhead(),
          raw.allowedFunctions());
    }
  }

  /** A decoded, signed transaction of a type the relay takes. */
  public record Decoded(SignedRawTransaction signed, TransactionType type) {}

  /** What the checks learned about a transaction. */
  public record Checked(
      String from,
      String to,
      String data,
      BigInteger value,
      long nonce,
      long gasLimit,
      BigInteger maxFee,
      BigInteger tip,
      String function) {}

  private final Limits limits;
  private final HubAbi abi;
  private final Set<String> allowed;

  public RawTransactionRules(Limits limits, HubAbi abi) {
    this.limits = limits;
    this.abi = abi;
    this.allowed = Set.copyOf(limits.allowedFunctions());
  }

  /** The raw transaction, lower case, if it is 0x hex of whole bytes and not too long. */
  public String hex(String raw) {
    if (raw == null || raw.isBlank()) {
      throw refuse("raw", "missing");
    }
    if (raw.length() > limits.maxHexLength()) {
      throw ProblemException.of(
          Response.Status.REQUEST_ENTITY_TOO_LARGE,
          "too-large",
          "raw: longer than " + limits.maxHexLength() + " hex characters",
          "raw");
    }
    int digits = raw.length() - 2;
    if (digits <= 0 || digits % 2 != 0 || !Hex.isHex(raw, digits)) {
      throw refuse("raw", "not 0x-prefixed hex with an even number of digits");
    }
    return raw.toLowerCase(Locale.ROOT);
  }

  /** The transaction, if it decodes, is signed, and is EIP-1559 or legacy. */
  public static Decoded decode(String raw) {
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
    return new Decoded(signed, type);
  }

  /** Refuses a transaction signed for no chain, or for another chain than {@code expected}. */
  public static void checkChain(Decoded decoded, long expected) {
    // Not a conditional expression: with a long on one side it would unbox a missing legacy id.
    Long chainId;
    if (decoded.type() == TransactionType.EIP1559) {
      chainId = ((Transaction1559) decoded.signed().getTransaction()).getChainId();
    } else {
      chainId = legacyChainId(decoded.signed());
    }
    if (chainId == null) {
      throw refuse("raw.chainId", "missing (pre-EIP-155 signatures can be replayed on any chain)");
    }
    if (chainId != expected) {
      throw refuse("raw.chainId", "is " + chainId + ", this relay serves chain " + expected);
    }
  }

  private static Long legacyChainId(SignedRawTransaction signed) {
    byte[] v = signed.getSignatureData().getV();
    long realV = new BigInteger(1, v).longValue();
    if (realV == 27 || realV == 28) {
      return null;
    }
    return (realV - 35) / 2;
  }

  /**
   * The signer (lower case), if the signature is in range, not malleable, and recovers to {@code
   * expectedFrom} when one is given.
   */
  public static String signer(SignedRawTransaction signed, String expectedFrom) {
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

  /**
   * What the transaction signed by {@code from} does, if it calls an allowed function of the hub at
   * {@code hub} (lower case) within the gas limits.
   */
  public Checked call(Decoded decoded, String from, String hub) {
    RawTransaction tx = decoded.signed();
    String to = tx.getTo() == null ? "" : tx.getTo().toLowerCase(Locale.ROOT);
    if (to.isEmpty() || to.equals("0x")) {
      throw refuse("raw.to", "contract creation is not relayed");
    }
    if (!to.equals(hub)) {
      throw refuse("raw.to", to + " is not the channel hub " + hub);
    }
    String data = tx.getData() == null ? "" : tx.getData().toLowerCase(Locale.ROOT);
    if (!data.startsWith("0x")) {
      data = "0x" + data;
    }
    String function = data.length() >= 10 ? abi.function(data.substring(0, 10)) : null;
    if (function == null || !allowed.contains(function)) {
      throw refuse(
          "raw.data",
          "calls "
              + (function == null ? "no known hub function" : function)
              + "; allowed: "
              + String.join(", ", limits.allowedFunctions()));
    }
    long gasLimit;
    try {
      gasLimit = tx.getGasLimit().longValueExact();
    } catch (ArithmeticException huge) {
      gasLimit = Long.MAX_VALUE;
    }
    if (gasLimit < limits.minGasLimit() || gasLimit > limits.maxGasLimit()) {
      throw refuse(
          "raw.gasLimit",
          gasLimit + " is outside " + limits.minGasLimit() + ".." + limits.maxGasLimit());
    }
    BigInteger maxFee;
    BigInteger tip;
    if (tx.getTransaction() instanceof Transaction1559 eip1559) {
      maxFee = eip1559.getMaxFeePerGas();
      tip = eip1559.getMaxPriorityFeePerGas();
    } else {
      maxFee = tx.getGasPrice();
      tip = tx.getGasPrice();
    }
    BigInteger value = tx.getValue() == null ? BigInteger.ZERO : tx.getValue();
    long nonce = tx.getNonce().longValueExact();
    return new Checked(from, to, data, value, nonce, gasLimit, maxFee, tip, function);
  }

  /**
   * Refuses a transaction whose nonce the sender used already or is too far ahead of its pending
   * nonce, or that would revert at the pending block, as the node's {@code preflight} says.
   */
  public void checkPreflight(Checked checked, RelayChain.Preflight preflight) {
    long nonce = checked.nonce();
    long mined = preflight.minedNonce();
    long pending = preflight.pendingNonce();
    if (nonce < mined) {
      throw ProblemException.of(
          Response.Status.CONFLICT,
          "nonce-used",
          "raw.nonce: " + nonce + " is already used (the account's next nonce is " + mined + ")",
          "raw.nonce");
    }
    if (nonce > pending + limits.maxNonceAhead()) {
      throw refuse(
          "raw.nonce",
          nonce
              + " is more than "
              + limits.maxNonceAhead()
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
  }

  /** The row a new client transaction gets, before it is stored. */
  public static RelayTransaction row(Checked checked, String txHash, Instant now) {
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
    tx.status = TxStatus.PENDING;
    tx.createdAt = now;
    tx.updatedAt = now;
    return tx;
  }

  /** The request id of a client transaction: its hash, prefixed. */
  public static String requestId(String txHash) {
    return "raw:" + txHash;
  }

  private static ProblemException refuse(String field, String reason) {
    return ProblemException.invalidField(field, reason);
  }
}
