package io.vigil.client.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.client.ErrorCode;
import io.vigil.client.VigilClientException;
import io.vigil.client.http.JsonHttp;
import io.vigil.client.hub.Fees;
import io.vigil.client.hub.SignedTransaction;
import io.vigil.core.channel.ChannelId;
import io.vigil.core.crypto.Address;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.utils.Numeric;

/**
 * Reads what a client needs from an Ethereum node over JSON-RPC: the chain id, an account's next
 * nonce, a fee suggestion, a hub's channels and credits, receipts and logs. Every call is bounded
 * in time and size ({@link JsonHttp}); a node that fails or answers an error is {@link
 * ErrorCode#CHAIN}, a reverting {@code eth_call} is {@link ErrorCode#REVERTED}.
 */
public final class ChainReader {

  /** Tip used when the node cannot suggest one (1 gwei). */
  public static final BigInteger DEFAULT_TIP = BigInteger.valueOf(1_000_000_000L);

  private static final JsonHttp.Limits LIMITS =
      new JsonHttp.Limits(Duration.ofSeconds(5), Duration.ofSeconds(20), 8 << 20);

  private final JsonHttp rpc;
  private final AtomicLong ids = new AtomicLong();

  public ChainReader(JsonHttp rpc) {
    this.rpc = Objects.requireNonNull(rpc, "rpc");
  }

  public static ChainReader of(String rpcUrl) {
    return new ChainReader(new JsonHttp(rpcUrl, LIMITS));
  }

  public String rpcUrl() {
    return rpc.baseUrl();
  }

  public long chainId() {
    return quantity(call("eth_chainId")).longValueExact();
  }

  public long blockNumber() {
    return quantity(call("eth_blockNumber")).longValueExact();
  }

  /** The nonce the account's next transaction takes, counting those in the node's pool. */
  public long pendingNonce(Address account) {
    return quantity(call("eth_getTransactionCount", account.hex(), "pending")).longValueExact();
  }

  public BigInteger balance(Address account) {
    return quantity(call("eth_getBalance", account.hex(), "latest"));
  }

  /**
   * A fee suggestion: twice the latest block's base fee plus the node's suggested tip (or {@link
   * #DEFAULT_TIP} when it suggests none).
   */
  public Fees suggestFees() {
    JsonNode block = call("eth_getBlockByNumber", "latest", false);
    BigInteger baseFee =
        block.hasNonNull("baseFeePerGas") ? quantity(block.get("baseFeePerGas")) : BigInteger.ZERO;
    BigInteger tip;
    try {
      tip = quantity(call("eth_maxPriorityFeePerGas"));
    } catch (VigilClientException unsupported) {
      tip = DEFAULT_TIP;
    }
    if (tip.signum() == 0) {
      tip = DEFAULT_TIP;
    }
    return Fees.suggested(baseFee, tip);
  }

  /** {@code channels(channelId)} of the hub; a channel the hub never saw has status NONE. */
  public ChannelInfo channel(Address hub, ChannelId channel) {
    return HubAbi.decodeChannel(ethCall(hub, HubAbi.channelsCall(channel)));
  }

  /** What {@code account} may withdraw from the hub, in wei. */
  public BigInteger withdrawable(Address hub, Address account) {
    List<Type> words =
        FunctionReturnDecoder.decode(
            ethCall(hub, HubAbi.withdrawableCall(account)), List.of(HubAbi.typeRef(Uint256.class)));
    return ((Uint256) words.get(0)).getValue();
  }

  /** {@code eth_call} at the latest block; the answer as 0x hex. */
  public String ethCall(Address to, String data) {
    ObjectNode tx = JsonHttp.JSON.createObjectNode().put("to", to.hex()).put("data", data);
    return call("eth_call", tx, "latest").asText();
  }

  /** Sends a signed transaction straight to the node (without a relay); returns its hash. */
  public String sendRaw(SignedTransaction transaction) {
    return call("eth_sendRawTransaction", transaction.raw()).asText();
  }

  /** The receipt of a mined transaction; empty while it is not mined. */
  public Optional<Receipt> receipt(String txHash) {
    JsonNode receipt = call("eth_getTransactionReceipt", txHash);
    if (receipt == null || receipt.isNull()) {
      return Optional.empty();
    }
    List<LogEntry> logs = new ArrayList<>();
    for (JsonNode log : receipt.path("logs")) {
      logs.add(log(log));
    }
    return Optional.of(
        new Receipt(
            receipt.path("transactionHash").asText(),
            quantity(receipt.get("status")).signum() == 1,
            quantity(receipt.get("blockNumber")).longValueExact(),
            quantity(receipt.get("gasUsed")),
            receipt.hasNonNull("effectiveGasPrice")
                ? quantity(receipt.get("effectiveGasPrice"))
                : BigInteger.ZERO,
            logs));
  }

  /**
   * The id of the channel an {@code open} transaction created: the first indexed topic of the hub's
   * ChannelOpened log in its receipt. Empty when the receipt has no such log (not an open, or it
   * reverted).
   */
  public static Optional<ChannelId> openedChannel(Receipt receipt, Address hub) {
    return receipt.logs().stream()
        .filter(log -> log.address().equals(hub))
        .filter(log -> log.signature().equals(HubAbi.CHANNEL_OPENED) && log.topics().size() > 1)
        .map(log -> ChannelId.of(log.topics().get(1)))
        .findFirst();
  }

  /**
   * Logs of {@code address} from {@code fromBlock} to the latest block, matching {@code topics}
   * (position by position; null matches anything).
   */
  public List<LogEntry> logs(Address address, long fromBlock, List<String> topics) {
    ObjectNode filter = JsonHttp.JSON.createObjectNode();
    filter.put("address", address.hex());
    filter.put("fromBlock", Numeric.toHexStringWithPrefix(BigInteger.valueOf(fromBlock)));
    filter.put("toBlock", "latest");
    ArrayNode topicArray = filter.putArray("topics");
    for (String topic : topics) {
      if (topic == null) {
        topicArray.addNull();
      } else {
        topicArray.add(topic);
      }
    }
    List<LogEntry> logs = new ArrayList<>();
    for (JsonNode log : call("eth_getLogs", filter)) {
      logs.add(log(log));
    }
    return logs;
  }

  /** One JSON-RPC call; the {@code result}, or a CHAIN (REVERTED for a revert) failure. */
  public JsonNode call(String method, Object... params) {
    ObjectNode request = JsonHttp.JSON.createObjectNode();
    request.put("jsonrpc", "2.0");
    request.put("id", ids.incrementAndGet());
    request.put("method", method);
    ArrayNode list = request.putArray("params");
    for (Object param : params) {
      list.add(JsonHttp.JSON.valueToTree(param));
    }
    JsonNode answer;
    try {
      answer = rpc.post("", request).body();
    } catch (VigilClientException unreachable) {
      throw new VigilClientException(
          ErrorCode.CHAIN,
          rpc.baseUrl(),
          unreachable.status(),
          null,
          null,
          null,
          method + ": " + unreachable.getMessage(),
          unreachable);
    }
    if (answer.hasNonNull("error")) {
      JsonNode error = answer.get("error");
      String message = error.path("message").asText("error");
      String data = error.path("data").isTextual() ? " " + error.path("data").asText() : "";
      boolean reverted = message.contains("revert") || error.path("code").asInt() == 3;
      throw VigilClientException.of(
          reverted ? ErrorCode.REVERTED : ErrorCode.CHAIN, method + ": " + message + data);
    }
    if (!answer.has("result")) {
      throw VigilClientException.of(ErrorCode.CHAIN, method + ": the node answered no result");
    }
    return answer.get("result");
  }

  private static LogEntry log(JsonNode log) {
    List<String> topics = new ArrayList<>();
    log.path("topics").forEach(topic -> topics.add(topic.asText().toLowerCase()));
    return new LogEntry(
        Address.of(log.path("address").asText()),
        topics,
        log.path("data").asText("0x"),
        quantity(log.get("blockNumber")).longValueExact(),
        log.path("transactionHash").asText(),
        quantity(log.get("logIndex")).longValueExact());
  }

  private static BigInteger quantity(JsonNode node) {
    if (node == null || !node.isTextual() || !node.asText().startsWith("0x")) {
      throw VigilClientException.of(
          ErrorCode.CHAIN, "the node answered a malformed quantity: " + node);
    }
    return Numeric.decodeQuantity(node.asText());
  }
}
