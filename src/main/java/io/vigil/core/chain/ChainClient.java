package io.vigil.core.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.core.concurrent.Retry;
import io.vigil.core.config.VigilConfig;
import io.vigil.core.crypto.Address;
import io.vigil.core.crypto.PrivateKey;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.OkHttpClient;
import org.web3j.protocol.ObjectMapperFactory;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Numeric;

/**
 * Vigil's access to an Ethereum JSON-RPC node: several endpoints with fallback, errors classified
 * as retryable or fatal, eth_getLogs in ranges that shrink when a provider refuses their size,
 * receipts polled at {@code vigil.chain.receipt-poll-interval}, and the hub's logs decoded. Built
 * by CDI from {@link VigilConfig}, or with {@link #create(Settings, MeterRegistry)} outside a
 * container.
 */
@ApplicationScoped
public class ChainClient implements AutoCloseable {

  /** What the client needs to know. */
  public record Settings(
      List<String> rpcUrls,
      Optional<Long> chainId,
      Optional<Address> hub,
      Duration requestTimeout,
      Duration receiptPollInterval,
      int maxLogRange) {

    public Settings {
      rpcUrls = List.copyOf(rpcUrls);
      if (maxLogRange < 1) {
        throw new IllegalArgumentException("maxLogRange must be at least 1");
      }
    }

    /** One or more endpoints with the defaults of {@link VigilConfig}. */
    public static Settings of(List<String> rpcUrls, Optional<Address> hub) {
      return new Settings(
          rpcUrls, Optional.empty(), hub, Duration.ofSeconds(5), Duration.ofMillis(100), 10_000);
    }

    public static Settings from(VigilConfig config) {
      VigilConfig.Chain chain = config.chain();
      return new Settings(
          chain.rpcUrls().orElse(List.of()).stream().filter(url -> !url.isBlank()).toList(),
          chain.chainId(),
          chain.hubAddress().filter(Address::isValid).map(Address::of),
          chain.requestTimeout(),
          chain.receiptPollInterval(),
          chain.maxLogRange());
    }

    public Settings withMaxLogRange(int blocks) {
      return new Settings(rpcUrls, chainId, hub, requestTimeout, receiptPollInterval, blocks);
    }

    public Settings withHub(Address address) {
      return new Settings(
          rpcUrls, chainId, Optional.of(address), requestTimeout, receiptPollInterval, maxLogRange);
    }
  }

  private final Settings settings;
  private final FallbackWeb3jService service;
  private final Web3j web3j;
  private final NodeRpc rpc;
  private static final ObjectMapper JSON = ObjectMapperFactory.getObjectMapper();

  private final HubEventDecoder decoder = new HubEventDecoder();
  private final LogReader logs;

  @Inject
  public ChainClient(VigilConfig config, MeterRegistry meters) {
    this(Settings.from(config), meters);
  }

  public ChainClient(Settings settings, MeterRegistry meters) {
    this.settings = settings;
    OkHttpClient http =
        new OkHttpClient.Builder()
            .callTimeout(settings.requestTimeout())
            .connectTimeout(settings.requestTimeout())
            .readTimeout(settings.requestTimeout())
            .build();
    this.service =
        new FallbackWeb3jService(settings.rpcUrls(), url -> new HttpService(url, http), meters);
    this.web3j = Web3j.build(service);
    this.rpc = new NodeRpc(service);
    this.logs = new LogReader(web3j, settings.maxLogRange(), meters);
  }

  public static ChainClient create(Settings settings, MeterRegistry meters) {
    return new ChainClient(settings, meters);
  }

  /** web3j over the same endpoints and fallback, for generated wrappers. */
  public Web3j web3j() {
    return web3j;
  }

  /** Calls and batches read as JSON, over the same endpoints and fallback. */
  public NodeRpc rpc() {
    return rpc;
  }

  /** The hub's address, when configured. */
  public Optional<Address> hubAddress() {
    return settings.hub();
  }

  /** Each endpoint's chain id, asked separately and in configured order; empty: no answer. */
  public List<Optional<Long>> probeEndpoints() {
    return service.probeChainIds();
  }

  /** Index (in configured order) of the endpoint the next call goes to first. */
  public int preferredEndpoint() {
    return service.preferredEndpoint();
  }

  public long chainId() {
    return check(() -> web3j.ethChainId().send(), "eth_chainId").getChainId().longValueExact();
  }

  public long blockNumber() {
    return check(() -> web3j.ethBlockNumber().send(), "eth_blockNumber")
        .getBlockNumber()
        .longValueExact();
  }

  /** The block at {@code number}, or empty when the chain is not that long yet. */
  public Optional<BlockRef> block(long number) {
    return blockRef(
        check(
            () ->
                web3j
                    .ethGetBlockByNumber(
                        DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), false)
                    .send(),
            "eth_getBlockByNumber"));
  }

  /**
   * The blocks at these heights, asked in one batch (one round trip): one answer per height, in the
   * order given, empty where the node has no block. An error answer to any of them is thrown.
   */
  public List<Optional<BlockHeader>> headers(List<Long> numbers) {
    return headersAndHubEvents(numbers, List.of()).headers();
  }

  /** The answers of {@link #headersAndHubEvents}: one per height, then one per range. */
  public record HeadersAndEvents(
      List<Optional<BlockHeader>> headers, List<RangeRead<HubEvent>> ranges) {}

  /**
   * The blocks at these heights and the hub's events in these block ranges (each {@code {from,
   * to}}, inclusive, at most the current log range long), asked in one batch: one round trip, and
   * the node answers the calls one after another instead of competing with itself. A range the node
   * refuses as too large is read again through the shrinking log range; any other error answer to a
   * range is kept in its slot. An error answer to a header call is thrown.
   */
  public HeadersAndEvents headersAndHubEvents(List<Long> numbers, List<long[]> ranges) {
    String hub = ranges.isEmpty() ? null : requireHub().hex(); // headers alone need no hub
    List<NodeRpc.Call> calls = new ArrayList<>(numbers.size() + ranges.size());
    for (long number : numbers) {
      calls.add(NodeRpc.Call.of("eth_getBlockByNumber", quantity(number), false));
    }
    for (long[] range : ranges) {
      calls.add(
          NodeRpc.Call.of(
              "eth_getLogs",
              Map.of(
                  "fromBlock", quantity(range[0]), "toBlock", quantity(range[1]), "address", hub)));
    }
    List<NodeRpc.Answer> answers = rpc.batch(calls);
    List<Optional<BlockHeader>> headers = new ArrayList<>(numbers.size());
    for (NodeRpc.Answer answer : answers.subList(0, numbers.size())) {
      headers.add(header(answer.get()));
    }
    List<RangeRead<HubEvent>> events = new ArrayList<>(ranges.size());
    for (int i = 0; i < ranges.size(); i++) {
      NodeRpc.Answer answer = answers.get(numbers.size() + i);
      if (answer.ok()) {
        events.add(RangeRead.of(hubEvents(answer.result())));
      } else if (answer.error().errorClass() == ErrorClass.RANGE_TOO_LARGE) {
        events.add(readAgain(ranges.get(i)));
      } else {
        events.add(RangeRead.failed(answer.error()));
      }
    }
    return new HeadersAndEvents(headers, events);
  }

  private RangeRead<HubEvent> readAgain(long[] range) {
    try {
      return RangeRead.of(hubEvents(range[0], range[1]));
    } catch (ChainException failed) {
      return RangeRead.failed(failed);
    }
  }

  private static String quantity(long number) {
    return Numeric.toHexStringWithPrefix(BigInteger.valueOf(number));
  }

  /** The block with {@code hash}, or empty when the node does not know it (e.g. reorged away). */
  public Optional<BlockRef> block(String hash) {
    return blockRef(check(() -> web3j.ethGetBlockByHash(hash, false).send(), "eth_getBlockByHash"));
  }

  public BlockRef head() {
    return blockRef(latestBlock())
        .orElseThrow(() -> new ChainException(ErrorClass.RETRYABLE, "no latest block", null, null));
  }

  /** The latest block with its base fee and gas figures. */
  public HeadBlock headBlock() {
    EthBlock.Block block = latestBlock().getBlock();
    if (block == null) {
      throw new ChainException(ErrorClass.RETRYABLE, "no latest block", null, null);
    }
    return HeadBlock.of(
        blockRef(block),
        block.getBaseFeePerGasRaw() == null ? null : block.getBaseFeePerGas(),
        block.getGasUsed().longValueExact(),
        block.getGasLimit().longValueExact());
  }

  public BigInteger balance(Address account) {
    return check(
            () -> web3j.ethGetBalance(account.hex(), DefaultBlockParameterName.LATEST).send(),
            "eth_getBalance")
        .getBalance();
  }

  /** The account's next nonce, counting pending transactions when {@code pending}. */
  public long nonce(Address account, boolean pending) {
    DefaultBlockParameterName tag =
        pending ? DefaultBlockParameterName.PENDING : DefaultBlockParameterName.LATEST;
    return check(
            () -> web3j.ethGetTransactionCount(account.hex(), tag).send(),
            "eth_getTransactionCount")
        .getTransactionCount()
        .longValueExact();
  }

  /** Simulates a call at the latest block. A revert is an outcome, not an exception. */
  public CallOutcome call(Address from, Address to, String data, BigInteger value) {
    Transaction call =
        Transaction.createFunctionCallTransaction(
            from.hex(), null, null, null, to.hex(), value, data);
    EthCall response =
        send(() -> web3j.ethCall(call, DefaultBlockParameterName.LATEST).send(), "eth_call");
    if (response.hasError()) {
      Response.Error error = response.getError();
      RpcFailure failure = RpcErrors.answer(error.getCode(), error.getMessage());
      if (!(failure instanceof RpcFailure.Rejected)) {
        throw RpcAnswers.failure(error, "eth_call", failure);
      }
      String revertData = RpcAnswers.revertData(error.getData());
      return new CallOutcome.Reverted(revertData, HubError.decode(revertData), error.getMessage());
    }
    if (response.isReverted()) {
      return new CallOutcome.Reverted(
          response.getValue(), HubError.decode(response.getValue()), response.getRevertReason());
    }
    return new CallOutcome.Returned(response.getValue());
  }

  public BigInteger estimateGas(Address from, Address to, String data, BigInteger value) {
    Transaction call =
        Transaction.createFunctionCallTransaction(
            from.hex(), null, null, null, to == null ? null : to.hex(), value, data);
    return check(() -> web3j.ethEstimateGas(call).send(), "eth_estimateGas").getAmountUsed();
  }

  /** Base fee of the latest block (zero before London) and the node's suggested priority fee. */
  public Fees fees() {
    EthBlock.Block latest = latestBlock().getBlock();
    BigInteger baseFee =
        latest.getBaseFeePerGas() == null ? BigInteger.ZERO : latest.getBaseFeePerGas();
    BigInteger tip =
        check(() -> web3j.ethMaxPriorityFeePerGas().send(), "eth_maxPriorityFeePerGas")
            .getMaxPriorityFeePerGas();
    return new Fees(baseFee, tip);
  }

  /** Fee market figures of the latest block. */
  public record Fees(BigInteger baseFeePerGas, BigInteger maxPriorityFeePerGas) {

    /** A max fee that survives the base fee doubling before inclusion. */
    public BigInteger maxFeePerGas() {
      return baseFeePerGas.shiftLeft(1).add(maxPriorityFeePerGas);
    }
  }

  /**
   * All logs of {@code contract} in blocks {@code from..to} (inclusive on both ends), in chain
   * order. Asks in ranges of at most the current log range; a range the provider refuses as too
   * large is halved and asked again, down to a single block.
   */
  public List<Log> logs(Address contract, long from, long to) {
    return from > to ? List.of() : logs.logs(contract, from, to);
  }

  /** The hub's events in blocks {@code from..to} (inclusive), decoded, in chain order. */
  public List<HubEvent> hubEvents(long from, long to) {
    return decode(logs(requireHub(), from, to));
  }

  /** The hub's events in exactly the block with this hash, decoded, in log order. */
  public List<HubEvent> hubEvents(String blockHash) {
    return decode(logs.logs(requireHub(), blockHash));
  }

  /**
   * The hub's events in each of the blocks with these hashes, asked in one batch (one round trip):
   * one list per hash in the order given, each decoded and in log order. An error answer to any of
   * them is thrown.
   */
  public List<List<HubEvent>> hubEvents(List<String> blockHashes) {
    String hub = requireHub().hex();
    List<NodeRpc.Call> calls =
        blockHashes.stream()
            .map(hash -> NodeRpc.Call.of("eth_getLogs", Map.of("blockHash", hash, "address", hub)))
            .toList();
    List<List<HubEvent>> events = new ArrayList<>(calls.size());
    for (NodeRpc.Answer answer : rpc.batch(calls)) {
      events.add(hubEvents(answer.get()));
    }
    return events;
  }

  /** The hub's events in an eth_getLogs answer, decoded. */
  private List<HubEvent> hubEvents(JsonNode answer) {
    List<Log> logs = new ArrayList<>();
    for (JsonNode log : answer) {
      logs.add(JSON.convertValue(log, Log.class));
    }
    return decode(logs);
  }

  /** Block range the next eth_getLogs call will ask for at most. */
  public long currentLogRange() {
    return logs.currentRange();
  }

  private List<HubEvent> decode(List<Log> logs) {
    List<HubEvent> events = new ArrayList<>();
    for (Log log : logs) {
      if (!log.isRemoved()) {
        decoder.decode(log).ifPresent(events::add);
      }
    }
    return events;
  }

  /** Broadcasts a signed transaction and returns its hash. */
  public String sendRawTransaction(String signedHex) {
    return check(() -> web3j.ethSendRawTransaction(signedHex).send(), "eth_sendRawTransaction")
        .getTransactionHash();
  }

  public Optional<TransactionReceipt> receipt(String transactionHash) {
    return check(
            () -> web3j.ethGetTransactionReceipt(transactionHash).send(),
            "eth_getTransactionReceipt")
        .getTransactionReceipt();
  }

  /**
   * Polls for the receipt every {@code vigil.chain.receipt-poll-interval} until it appears or
   * {@code timeout} passes (empty then).
   */
  public Optional<TransactionReceipt> awaitReceipt(String transactionHash, Duration timeout) {
    return Retry.poll(() -> receipt(transactionHash), settings.receiptPollInterval(), timeout);
  }

  /**
   * Signs with {@code key} and waits for receipts at the configured poll interval. Sending is the
   * relay's job in production; this serves tests, tools and read-only wrappers.
   */
  public TransactionManager transactionManager(PrivateKey key) {
    long pollMillis = Math.max(1, settings.receiptPollInterval().toMillis());
    int attempts = (int) Math.max(1, Duration.ofMinutes(2).toMillis() / pollMillis);
    return new RawTransactionManager(
        web3j,
        key.credentials(),
        chainId(),
        new PollingTransactionReceiptProcessor(web3j, pollMillis, attempts));
  }

  private Address requireHub() {
    return settings
        .hub()
        .orElseThrow(
            () ->
                new ChainException(
                    ErrorClass.FATAL, "vigil.chain.hub-address is not set", null, null));
  }

  private static <T extends Response<?>> T send(RpcAnswers.Rpc<T> rpc, String method) {
    return RpcAnswers.send(rpc, method);
  }

  private static <T extends Response<?>> T check(RpcAnswers.Rpc<T> rpc, String method) {
    return RpcAnswers.check(rpc, method);
  }

  /** The node's answer for the latest block (its block is null when the node has none). */
  private EthBlock latestBlock() {
    return check(
        () -> web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send(),
        "eth_getBlockByNumber");
  }

  private static Optional<BlockHeader> header(JsonNode block) {
    if (block == null || block.isNull()) {
      return Optional.empty();
    }
    BlockRef ref =
        BlockRef.of(
            Numeric.toBigInt(block.path("number").asText()).longValueExact(),
            block.path("hash").asText(),
            block.path("parentHash").asText(),
            Numeric.toBigInt(block.path("timestamp").asText()).longValueExact());
    JsonNode bloom = block.get("logsBloom");
    return Optional.of(
        BlockHeader.of(ref, bloom == null || bloom.isNull() ? null : bloom.asText()));
  }

  private static Optional<BlockRef> blockRef(EthBlock response) {
    EthBlock.Block block = response.getBlock();
    if (block == null) {
      return Optional.empty();
    }
    return Optional.of(blockRef(block));
  }

  private static BlockRef blockRef(EthBlock.Block block) {
    return BlockRef.of(
        block.getNumber().longValueExact(),
        block.getHash(),
        block.getParentHash(),
        block.getTimestamp().longValueExact());
  }

  @PreDestroy
  @Override
  public void close() {
    web3j.shutdown();
  }
}
