package io.vigil.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.channel.ChannelId;
import io.vigil.core.channel.ChannelState;
import io.vigil.core.crypto.Address;
import io.vigil.core.crypto.Eip712;
import io.vigil.core.crypto.PrivateKey;
import io.vigil.core.messaging.TransactionRequest;
import io.vigil.core.messaging.TransactionRequest.Purpose;
import io.vigil.relay.fee.Fees;
import io.vigil.testsupport.Anvil;
import io.vigil.testsupport.Await;
import io.vigil.testsupport.HubFixture;
import io.vigil.testsupport.contract.ChannelHub;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Credentials;
import org.web3j.utils.Numeric;

/**
 * A relay client on an anvil chain: raw JSON-RPC reads and hub transactions the client signs itself
 * and hands over as raw bytes. Hub deployment and state signatures come from {@link HubFixture} and
 * core's {@link Eip712}.
 */
public final class RelayTestChain {

  public static final BigInteger GWEI = BigInteger.valueOf(1_000_000_000L);
  public static final BigInteger ETHER = GWEI.multiply(GWEI);

  /** The fees of a client's hub call: at most 100 gwei, 1 gwei of it to the block builder. */
  static final Fees HUB_CALL_FEES = new Fees(GWEI.multiply(BigInteger.valueOf(100)), GWEI);

  private final Anvil anvil;
  private final ObjectMapper json = new ObjectMapper();

  public RelayTestChain(Anvil anvil) {
    this.anvil = anvil;
  }

  public Anvil anvil() {
    return anvil;
  }

  /** The result of a JSON-RPC call, failing the test on an error answer. */
  public JsonNode call(String method, String paramsJson) {
    try {
      JsonNode answer = json.readTree(anvil.rpc(method, paramsJson));
      if (answer.has("error")) {
        throw new IllegalStateException(method + " failed: " + answer.get("error"));
      }
      return answer.get("result");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public long nonce(String address) {
    return Numeric.decodeQuantity(
            call("eth_getTransactionCount", "[\"" + address + "\",\"latest\"]").asText())
        .longValueExact();
  }

  public long pendingNonce(String address) {
    return Numeric.decodeQuantity(
            call("eth_getTransactionCount", "[\"" + address + "\",\"pending\"]").asText())
        .longValueExact();
  }

  public long blockNumber() {
    return Numeric.decodeQuantity(call("eth_blockNumber", "[]").asText()).longValueExact();
  }

  public JsonNode receipt(String txHash) {
    JsonNode receipt = call("eth_getTransactionReceipt", "[\"" + txHash + "\"]");
    return receipt == null || receipt.isNull() ? null : receipt;
  }

  public JsonNode transaction(String txHash) {
    JsonNode tx = call("eth_getTransactionByHash", "[\"" + txHash + "\"]");
    return tx == null || tx.isNull() ? null : tx;
  }

  /** A client's hub call, signed with sensible fees at the sender's pending nonce. */
  public String signHubCall(String privateKey, String hub, BigInteger value, String data) {
    return signHubCall(privateKey, pendingNonce(address(privateKey)), hub, value, data);
  }

  /**
   * A client's hub call at {@code nonce}, signed with sensible fees the way the relay signs its own
   * transactions.
   */
  public static String signHubCall(
      String privateKey, long nonce, String hub, BigInteger value, String data) {
    return TxSigner.sign(
            Credentials.create(privateKey),
            Anvil.CHAIN_ID,
            nonce,
            300_000,
            hub,
            value,
            data,
            HUB_CALL_FEES)
        .raw();
  }

  /** Sends a raw transaction and waits for its receipt (automine on). */
  public JsonNode sendAndWait(String raw) {
    String hash = call("eth_sendRawTransaction", "[\"" + raw + "\"]").asText();
    return Await.value("receipt of " + hash, Duration.ofSeconds(30), () -> receipt(hash));
  }

  /** Deploys a fresh hub with dev key 0 and returns its address. */
  public String deployHub() {
    return HubFixture.deployHub(anvil.rpcUrl(), HubFixture.devKey(0)).hex();
  }

  public static String address(String privateKey) {
    return Credentials.create(privateKey).getAddress();
  }

  /** Sets the balance of the account of {@code privateKey} to {@code wei} (anvil_setBalance). */
  public void fund(String privateKey, BigInteger wei) {
    call(
        "anvil_setBalance",
        "[\"" + address(privateKey) + "\", \"" + Numeric.toHexStringWithPrefix(wei) + "\"]");
  }

  public static String openCall(String partner, long challengePeriod, BigInteger bounty) {
    return FunctionEncoder.encode(
        new Function(
            ChannelHub.FUNC_OPEN,
            List.of(
                new org.web3j.abi.datatypes.Address(partner),
                new Uint64(BigInteger.valueOf(challengePeriod)),
                new Uint256(bounty)),
            List.of()));
  }

  public static String settleCall(byte[] channelId) {
    return FunctionEncoder.encode(
        new Function(ChannelHub.FUNC_SETTLE, List.of(new Bytes32(channelId)), List.of()));
  }

  public static String withdrawCall() {
    return FunctionEncoder.encode(new Function(ChannelHub.FUNC_WITHDRAW, List.of(), List.of()));
  }

  public static String withdrawableCall(String account) {
    return FunctionEncoder.encode(
        new Function(
            ChannelHub.FUNC_WITHDRAWABLE,
            List.of(new org.web3j.abi.datatypes.Address(account)),
            List.of()));
  }

  public static String stateCall(
      String function,
      byte[] channelId,
      long nonce,
      BigInteger balanceA,
      BigInteger balanceB,
      byte[]... signatures) {
    List<org.web3j.abi.datatypes.Type> args = new java.util.ArrayList<>();
    args.add(new ChannelHub.State(channelId, BigInteger.valueOf(nonce), balanceA, balanceB));
    for (byte[] signature : signatures) {
      args.add(new org.web3j.abi.datatypes.DynamicBytes(signature));
    }
    return FunctionEncoder.encode(new Function(function, args, List.of()));
  }

  /** Sets the base fee of the next block. */
  public void setNextBaseFee(BigInteger wei) {
    call("anvil_setNextBlockBaseFeePerGas", "[\"" + Numeric.toHexStringWithPrefix(wei) + "\"]");
  }

  /** The balance of an account at the latest block, in wei. */
  public BigInteger balance(String address) {
    return Numeric.toBigInt(call("eth_getBalance", "[\"" + address + "\", \"latest\"]").asText());
  }

  /** Opens a channel A -> B with a deposit by A (automine on) and returns its id. */
  public byte[] openChannel(
      String keyA, String hub, String partner, BigInteger deposit, long period) {
    JsonNode receipt =
        sendAndWait(signHubCall(keyA, hub, deposit, openCall(partner, period, BigInteger.ZERO)));
    return Numeric.hexStringToByteArray(receipt.get("logs").get(0).get("topics").get(1).asText());
  }

  /**
   * A channel closed with an older state than both parties signed: the dispute a relay hot key
   * sends for it lands. The hub takes one dispute per channel and nonce.
   *
   * @param hub the hub the channel is on
   * @param channelId the channel
   * @param deadline end of its challenge period (unix seconds)
   * @param disputeCall the hub call that disputes the close with nonce 1, without a hunter
   *     authorization
   */
  public record StaleClose(String hub, byte[] channelId, long deadline, String disputeCall) {

    /** The channel id as 0x hex. */
    public String channel() {
      return Numeric.toHexString(channelId);
    }

    /** The relay request that disputes this close from {@code from}, staking {@code stake}. */
    public TransactionRequest dispute(String requestId, String from, BigInteger stake) {
      return TransactionRequest.own(
          requestId, Purpose.DISPUTE, from, hub, disputeCall, deadline, stake, channel());
    }
  }

  /**
   * Opens a channel from A to B with {@code deposit}, has A close it with the opening state
   * (automine on) and returns the dispute with A's and B's state of nonce 1.
   */
  public StaleClose staleClose(String keyA, String keyB, String hub, BigInteger deposit) {
    byte[] channelId = openChannel(keyA, hub, address(keyB), deposit, 3600);
    JsonNode close =
        sendAndWait(
            signHubCall(
                keyA,
                hub,
                BigInteger.ZERO,
                stateCall(
                    ChannelHub.FUNC_CLOSE,
                    channelId,
                    0,
                    deposit,
                    BigInteger.ZERO,
                    new byte[0],
                    new byte[0])));
    // CloseStarted data: partyA, partyB, nonce, deadline.
    String data = close.get("logs").get(0).get("data").asText().substring(2);
    long deadline = Long.parseLong(data.substring(64 * 3, 64 * 4), 16);
    BigInteger a = deposit.divide(BigInteger.TWO);
    BigInteger rest = deposit.subtract(a);
    String sigA = signState(keyA, hub, channelId, 1, a, rest);
    String sigB = signState(keyB, hub, channelId, 1, a, rest);
    String dispute =
        stateCall(
            ChannelHub.FUNC_DISPUTE,
            channelId,
            1,
            a,
            rest,
            Numeric.hexStringToByteArray(sigA),
            Numeric.hexStringToByteArray(sigB),
            new byte[0]);
    return new StaleClose(hub, channelId, deadline, dispute);
  }

  /** The EIP-712 signature of a State by {@code key} (r, s, v with v 27 or 28). */
  public String signState(
      String key, String hub, byte[] channelId, long nonce, BigInteger a, BigInteger b) {
    return Eip712.forHub(Anvil.CHAIN_ID, Address.of(hub))
        .signState(ChannelState.of(ChannelId.of(channelId), nonce, a, b), PrivateKey.of(key))
        .hex();
  }
}
