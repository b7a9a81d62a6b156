package io.vigil.client.hub;

import io.vigil.client.sign.Signer;
import io.vigil.core.channel.ChannelId;
import io.vigil.core.channel.ChannelState;
import io.vigil.core.channel.SignedState;
import io.vigil.core.crypto.Address;
import io.vigil.core.crypto.Signature;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.StaticStruct;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.Sign;
import org.web3j.crypto.SignedRawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;

/**
 * Builds the calls of one hub (open, deposit, checkpoint, cooperativeClose, close, settle,
 * withdraw) with the ABI encoding the contract expects, and signs them as EIP-1559 transactions
 * through a {@link Signer}. Pure: no I/O, so the caller chooses the nonce and the fees (see {@code
 * io.vigil.client.chain.ChainReader}).
 */
public final class HubTransactions {

  static final String OPEN = "open(address,uint64,uint256)";
  static final String DEPOSIT = "deposit(bytes32)";
  static final String CHECKPOINT = "checkpoint((bytes32,uint64,uint256,uint256),bytes,bytes)";
  static final String COOPERATIVE_CLOSE =
      "cooperativeClose((bytes32,uint64,uint256,uint256),bytes,bytes)";
  static final String CLOSE = "close((bytes32,uint64,uint256,uint256),bytes,bytes)";
  static final String SETTLE = "settle(bytes32)";
  static final String WITHDRAW = "withdraw()";

  private final long chainId;
  private final Address hub;
  private final GasLimits gas;

  private HubTransactions(long chainId, Address hub, GasLimits gas) {
    if (chainId <= 0) {
      throw new IllegalArgumentException("chain id must be positive");
    }
    this.chainId = chainId;
    this.hub = Objects.requireNonNull(hub, "hub");
    this.gas = Objects.requireNonNull(gas, "gas");
  }

  public static HubTransactions of(long chainId, Address hub) {
    return new HubTransactions(chainId, hub, GasLimits.DEFAULT);
  }

  /** The same hub with other gas limits. */
  public HubTransactions withGasLimits(GasLimits limits) {
    return new HubTransactions(chainId, hub, limits);
  }

  public long chainId() {
    return chainId;
  }

  public Address hub() {
    return hub;
  }

  public GasLimits gasLimits() {
    return gas;
  }

  /** Opens a channel with the sender as party A, carrying A's first {@code deposit}. */
  public HubCall open(
      Address partner, long challengePeriodSeconds, BigInteger bounty, BigInteger deposit) {
    Objects.requireNonNull(partner, "partner");
    if (challengePeriodSeconds <= 0) {
      throw new IllegalArgumentException("the challenge period must be positive");
    }
    return call(
        OPEN,
        deposit,
        gas.open(),
        new org.web3j.abi.datatypes.Address(partner.hex()),
        new Uint64(BigInteger.valueOf(challengePeriodSeconds)),
        new Uint256(bounty));
  }

  /** Adds {@code amount} to the sender's side of an open channel. */
  public HubCall deposit(ChannelId channel, BigInteger amount) {
    if (amount.signum() <= 0) {
      throw new IllegalArgumentException("a deposit must be positive");
    }
    return call(DEPOSIT, amount, gas.deposit(), new Bytes32(channel.toBytes()));
  }

  /** Records a co-signed state's nonce on chain. */
  public HubCall checkpoint(SignedState signed) {
    return stateCall(
        CHECKPOINT, gas.checkpoint(), signed.state(), signed.signatureA(), signed.signatureB());
  }

  /** Closes at once with a final state both parties signed as FinalState. */
  public HubCall cooperativeClose(SignedState finalState) {
    return stateCall(
        COOPERATIVE_CLOSE,
        gas.cooperativeClose(),
        finalState.state(),
        finalState.signatureA(),
        finalState.signatureB());
  }

  /** Starts the challenge period with a co-signed state. */
  public HubCall close(SignedState signed) {
    return stateCall(CLOSE, gas.close(), signed.state(), signed.signatureA(), signed.signatureB());
  }

  /**
   * Starts the challenge period with the opening state (nonce 0, balances equal to the deposits),
   * which the hub takes without signatures.
   */
  public HubCall closeWithOpening(ChannelState opening) {
    if (opening.nonce() != 0) {
      throw new IllegalArgumentException("only the opening state (nonce 0) closes unsigned");
    }
    return stateCall(CLOSE, gas.close(), opening, null, null);
  }

  /** Settles a closing channel after its deadline; anyone may send it. */
  public HubCall settle(ChannelId channel) {
    return call(SETTLE, BigInteger.ZERO, gas.settle(), new Bytes32(channel.toBytes()));
  }

  /** Sends the sender everything the hub credited to it. */
  public HubCall withdraw() {
    return call(WITHDRAW, BigInteger.ZERO, gas.withdraw());
  }

  /**
   * Signs {@code call} as an EIP-1559 transaction of this chain through {@code signer}, and checks
   * the result: a low-s signature whose raw encoding decodes and recovers to the signer.
   */
  public SignedTransaction sign(HubCall call, long nonce, Fees fees, Signer signer) {
    if (nonce < 0) {
      throw new IllegalArgumentException("nonce must not be negative");
    }
    RawTransaction unsigned =
        RawTransaction.createTransaction(
            chainId,
            BigInteger.valueOf(nonce),
            BigInteger.valueOf(call.gasLimit()),
            call.to().hex(),
            call.value(),
            call.data(),
            fees.maxPriorityFeePerGas(),
            fees.maxFeePerGas());
    byte[] digest = Hash.sha3(TransactionEncoder.encode(unsigned));
    Signature signature = signer.signDigest(digest);
    if (!signature.hasLowS()) {
      throw new IllegalStateException("the signer returned a high-s signature");
    }
    Sign.SignatureData data =
        new Sign.SignatureData((byte) signature.v(), signature.r(), signature.s());
    String raw = Numeric.toHexString(TransactionEncoder.encode(unsigned, data));
    Address from = recoveredFrom(raw);
    if (!from.equals(signer.address())) {
      throw new IllegalStateException(
          "the signed transaction recovers to " + from + ", not the signer " + signer.address());
    }
    return SignedTransaction.of(raw, Hash.sha3(raw), from, nonce);
  }

  /**
   * A raw signed transaction someone else built, read back: its hash, the sender it recovers to and
   * its nonce. Refuses anything that is not a signed transaction.
   */
  public static SignedTransaction decode(String raw) {
    if (raw == null || !raw.matches("0x([0-9a-fA-F]{2})+")) {
      throw new IllegalArgumentException("a raw transaction is 0x and hex bytes");
    }
    String lower = raw.toLowerCase(java.util.Locale.ROOT);
    Address from = recoveredFrom(lower);
    long nonce = TransactionDecoder.decode(lower).getNonce().longValueExact();
    return SignedTransaction.of(lower, Hash.sha3(lower), from, nonce);
  }

  /** The sender a raw signed transaction recovers to. */
  public static Address recoveredFrom(String raw) {
    try {
      if (!(TransactionDecoder.decode(raw) instanceof SignedRawTransaction signed)) {
        throw new IllegalArgumentException("the transaction is not signed");
      }
      return Address.of(signed.getFrom());
    } catch (java.security.SignatureException | RuntimeException broken) {
      throw new IllegalArgumentException(
          "not a signed transaction: " + broken.getMessage(), broken);
    }
  }

  /** The 4-byte selector of a function signature, as {@code 0x} and 8 hex digits. */
  public static String selector(String signature) {
    return Numeric.toHexString(Hash.sha3(signature.getBytes(StandardCharsets.UTF_8)))
        .substring(0, 10);
  }

  private HubCall stateCall(
      String function, long gasLimit, ChannelState state, Signature a, Signature b) {
    StaticStruct tuple =
        new StaticStruct(
            new Bytes32(state.channelId().toBytes()),
            new Uint64(BigInteger.valueOf(state.nonce())),
            new Uint256(state.balanceA()),
            new Uint256(state.balanceB()));
    return call(function, BigInteger.ZERO, gasLimit, tuple, bytes(a), bytes(b));
  }

  private static DynamicBytes bytes(Signature signature) {
    return new DynamicBytes(signature == null ? new byte[0] : signature.toBytes());
  }

  private HubCall call(String function, BigInteger value, long gasLimit, Type<?>... parameters) {
    @SuppressWarnings("rawtypes")
    List<Type> list = List.of(parameters);
    String data = selector(function) + FunctionEncoder.encodeConstructor(list);
    return HubCall.of(hub, data, value, gasLimit);
  }
}
