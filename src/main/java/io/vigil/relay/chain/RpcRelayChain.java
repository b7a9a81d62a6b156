package io.vigil.relay.chain;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.core.chain.ChainException;
import io.vigil.core.chain.HubError;
import io.vigil.core.chain.NodeRpc;
import io.vigil.core.concurrent.Coalescer.Result;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@link RelayChain} over the node transport of {@code core.chain}; the calls of one step go out as
 * one batch, one HTTP round trip.
 */
public final class RpcRelayChain implements RelayChain {

  private final NodeRpc rpc;

  public RpcRelayChain(NodeRpc rpc) {
    this.rpc = rpc;
  }

  @Override
  public long chainId() {
    return quantity(rpc.call("eth_chainId")).longValueExact();
  }

  @Override
  public long blockNumber() {
    return quantity(rpc.call("eth_blockNumber")).longValueExact();
  }

  @Override
  public Optional<String> blockHash(long number) {
    JsonNode block = rpc.call("eth_getBlockByNumber", hex(number), false);
    return block == null || block.isNull()
        ? Optional.empty()
        : Optional.of(block.path("hash").asText());
  }

  @Override
  public long nonce(String address, String block) {
    return quantity(rpc.call("eth_getTransactionCount", address, block)).longValueExact();
  }

  @Override
  public BigInteger balance(String address) {
    return quantity(rpc.call("eth_getBalance", address, "latest"));
  }

  @Override
  public FeeMarket feeMarket() {
    return feeMarket(rpc.batch(FEE_MARKET_CALLS), 0);
  }

  /** The calls {@link #feeMarket(List, int)} reads the answers of, in this order. */
  private static final List<NodeRpc.Call> FEE_MARKET_CALLS =
      List.of(
          NodeRpc.Call.of("eth_getBlockByNumber", "pending", false),
          NodeRpc.Call.of("eth_getBlockByNumber", "latest", false),
          NodeRpc.Call.of("eth_maxPriorityFeePerGas"));

  /** The fee market from the answers to {@link #FEE_MARKET_CALLS}, found from {@code at} on. */
  private static FeeMarket feeMarket(List<NodeRpc.Answer> answers, int at) {
    NodeRpc.Answer pending = answers.get(at);
    NodeRpc.Answer latest = answers.get(at + 1);
    NodeRpc.Answer tip = answers.get(at + 2);
    BigInteger nextBase = null;
    if (pending.ok() && pending.result().hasNonNull("baseFeePerGas")) {
      nextBase = quantity(pending.result().get("baseFeePerGas"));
    } else if (latest.ok() && latest.result().hasNonNull("baseFeePerGas")) {
      // The base fee can rise by at most 12.5% per block.
      nextBase =
          quantity(latest.result().get("baseFeePerGas"))
              .multiply(BigInteger.valueOf(9))
              .divide(BigInteger.valueOf(8));
    }
    if (nextBase == null) {
      nextBase = BigInteger.ZERO;
    }
    return new FeeMarket(nextBase, tip.ok() ? quantity(tip.result()) : BigInteger.ZERO);
  }

  @Override
  public Simulation simulate(CallSpec call, String block) {
    try {
      rpc.call("eth_call", callObject(call), block);
      return new Simulation.Success(0);
    } catch (ChainException error) {
      return reverted(error);
    }
  }

  /**
   * Adds to {@code batch} one {@code eth_getTransactionCount} per sender of {@code calls} and per
   * block tag, in the order of the tags; answers where each sender's first one stands.
   */
  private static Map<String, Integer> nonceCalls(
      List<NodeRpc.Call> batch, List<CallSpec> calls, String... blocks) {
    Map<String, Integer> first = new HashMap<>();
    for (CallSpec call : calls) {
      first.computeIfAbsent(
          call.from(),
          from -> {
            int index = batch.size();
            for (String block : blocks) {
              batch.add(NodeRpc.Call.of("eth_getTransactionCount", from, block));
            }
            return index;
          });
    }
    return first;
  }

  @Override
  public List<Result<Preflight>> preflight(List<CallSpec> calls) {
    // Each sender's nonces are asked for once, however many of its calls there are.
    List<NodeRpc.Call> batch = new ArrayList<>(3 * calls.size());
    Map<String, Integer> nonceCalls = nonceCalls(batch, calls, "latest", "pending");
    int simulations = batch.size();
    for (CallSpec call : calls) {
      batch.add(NodeRpc.Call.of("eth_call", callObject(call), "pending"));
    }
    List<NodeRpc.Answer> answers = rpc.batch(batch);
    List<Result<Preflight>> results = new ArrayList<>(calls.size());
    for (int i = 0; i < calls.size(); i++) {
      int nonces = nonceCalls.get(calls.get(i).from());
      NodeRpc.Answer simulated = answers.get(simulations + i);
      try {
        long mined = quantity(answers.get(nonces).get()).longValueExact();
        long pending = quantity(answers.get(nonces + 1).get()).longValueExact();
        Simulation simulation =
            simulated.ok() ? new Simulation.Success(0) : reverted(simulated.error());
        results.add(Result.of(new Preflight(mined, pending, simulation)));
      } catch (RuntimeException unanswered) {
        results.add(Result.failed(unanswered));
      }
    }
    return results;
  }

  @Override
  public SendChecks sendChecks(List<CallSpec> calls) {
    List<NodeRpc.Call> batch = new ArrayList<>(FEE_MARKET_CALLS.size() + 3 * calls.size());
    batch.addAll(FEE_MARKET_CALLS);
    // Each sender's nonce is asked for once, however many of its calls there are.
    Map<String, Integer> nonceCalls = nonceCalls(batch, calls, "latest");
    int checks = batch.size();
    for (CallSpec call : calls) {
      Map<String, Object> object = callObject(call);
      batch.add(NodeRpc.Call.of("eth_call", object, "pending"));
      batch.add(NodeRpc.Call.of("eth_estimateGas", object));
    }
    List<NodeRpc.Answer> answers = rpc.batch(batch);
    List<Result<CallCheck>> results = new ArrayList<>(calls.size());
    for (int i = 0; i < calls.size(); i++) {
      NodeRpc.Answer simulated = answers.get(checks + 2 * i);
      NodeRpc.Answer estimated = answers.get(checks + 2 * i + 1);
      try {
        long mined =
            quantity(answers.get(nonceCalls.get(calls.get(i).from())).get()).longValueExact();
        Simulation simulation =
            simulated.ok() ? new Simulation.Success(0) : reverted(simulated.error());
        Simulation estimate =
            estimated.ok()
                ? new Simulation.Success(quantity(estimated.result()).longValueExact())
                : reverted(estimated.error());
        results.add(Result.of(new CallCheck(mined, simulation, estimate)));
      } catch (RuntimeException unanswered) {
        results.add(Result.failed(unanswered));
      }
    }
    return new SendChecks(feeMarket(answers, 0), results);
  }

  @Override
  public Simulation estimateGas(CallSpec call) {
    try {
      return new Simulation.Success(
          quantity(rpc.call("eth_estimateGas", callObject(call))).longValueExact());
    } catch (ChainException error) {
      return reverted(error);
    }
  }

  private static Simulation reverted(ChainException error) {
    if (error.isRetryable()) {
      throw error; // the node could not answer: no verdict on the call
    }
    String data = error.data().orElse(null);
    if (data == null && error.rpcCode().orElse(0) != 3 && !isRevertMessage(error.getMessage())) {
      // Not a revert: the call itself was refused (insufficient funds, bad nonce, ...).
      return new Simulation.Reverted("refused by the node: " + error.getMessage());
    }
    return new Simulation.Reverted(HubError.reason(data, error.getMessage()));
  }

  private static boolean isRevertMessage(String message) {
    return message != null && message.toLowerCase(Locale.ROOT).contains("revert");
  }

  @Override
  public SendResult send(String rawTransaction) {
    return send(List.of(rawTransaction)).get(0).get();
  }

  @Override
  public List<Result<SendResult>> send(List<String> rawTransactions) {
    List<NodeRpc.Call> calls = new ArrayList<>(rawTransactions.size());
    for (String raw : rawTransactions) {
      calls.add(NodeRpc.Call.of("eth_sendRawTransaction", raw));
    }
    List<Result<SendResult>> results = new ArrayList<>(rawTransactions.size());
    for (NodeRpc.Answer answer : rpc.batch(calls)) {
      results.add(
          Result.of(
              answer.ok()
                  ? new SendResult.Accepted(
                      answer.result() == null ? null : answer.result().asText())
                  : sendRefusal(answer.error())));
    }
    return results;
  }

  /** What a node's refusal of a broadcast means. */
  private static SendResult sendRefusal(ChainException error) {
    String message = String.valueOf(error.getMessage());
    String lower = message.toLowerCase(Locale.ROOT);
    if (lower.contains("already known") || lower.contains("already imported")) {
      return new SendResult.Accepted(null);
    }
    if (lower.contains("nonce too low") || lower.contains("nonce has already been used")) {
      return new SendResult.NonceTooLow(message);
    }
    if (lower.contains("underpriced") || lower.contains("replacement")) {
      return new SendResult.Underpriced(message);
    }
    return new SendResult.Refused(message);
  }

  @Override
  public List<Optional<Receipt>> receipts(List<String> txHashes) {
    return observe(txHashes).receipts();
  }

  @Override
  public List<Boolean> known(List<String> txHashes) {
    List<NodeRpc.Call> calls = new ArrayList<>(txHashes.size());
    for (String hash : txHashes) {
      calls.add(NodeRpc.Call.of("eth_getTransactionByHash", hash));
    }
    List<Boolean> known = new ArrayList<>(txHashes.size());
    for (NodeRpc.Answer answer : rpc.batch(calls)) {
      known.add(isKnown(answer));
    }
    return known;
  }

  @Override
  public Observation observe(List<String> txHashes) {
    List<NodeRpc.Call> calls = new ArrayList<>(txHashes.size() + 1);
    for (String hash : txHashes) {
      calls.add(NodeRpc.Call.of("eth_getTransactionReceipt", hash));
    }
    calls.add(NodeRpc.Call.of("eth_blockNumber"));
    List<NodeRpc.Answer> answers = rpc.batch(calls);
    List<Optional<Receipt>> receipts = new ArrayList<>(txHashes.size());
    for (int i = 0; i < txHashes.size(); i++) {
      receipts.add(receipt(answers.get(i).get()));
    }
    long head = quantity(answers.get(txHashes.size()).get()).longValueExact();
    return new Observation(receipts, head);
  }

  private static boolean isKnown(NodeRpc.Answer answer) {
    JsonNode result = answer.get();
    return result != null && !result.isNull();
  }

  private static Optional<Receipt> receipt(JsonNode result) {
    if (result == null || result.isNull() || !result.hasNonNull("blockNumber")) {
      return Optional.empty();
    }
    return Optional.of(
        new Receipt(
            result.path("transactionHash").asText(),
            quantity(result.get("blockNumber")).longValueExact(),
            result.path("blockHash").asText(),
            "0x1".equals(result.path("status").asText()),
            quantity(result.get("gasUsed")),
            result.hasNonNull("effectiveGasPrice")
                ? quantity(result.get("effectiveGasPrice"))
                : BigInteger.ZERO));
  }

  private static Map<String, Object> callObject(CallSpec call) {
    Map<String, Object> object = new LinkedHashMap<>();
    if (call.from() != null) {
      object.put("from", call.from());
    }
    object.put("to", call.to());
    object.put("data", call.data() == null ? "0x" : call.data());
    if (call.value() != null && call.value().signum() > 0) {
      object.put("value", hex(call.value()));
    }
    if (call.gas() != null) {
      object.put("gas", hex(call.gas()));
    }
    if (call.maxFeePerGas() != null) {
      object.put("maxFeePerGas", hex(call.maxFeePerGas()));
    }
    if (call.maxPriorityFeePerGas() != null) {
      object.put("maxPriorityFeePerGas", hex(call.maxPriorityFeePerGas()));
    }
    return object;
  }

  static String hex(long value) {
    return "0x" + Long.toHexString(value);
  }

  static String hex(BigInteger value) {
    return "0x" + value.toString(16);
  }

  static BigInteger quantity(JsonNode node) {
    String text = node.asText();
    if (text.startsWith("0x") || text.startsWith("0X")) {
      return text.length() == 2 ? BigInteger.ZERO : new BigInteger(text.substring(2), 16);
    }
    return new BigInteger(text);
  }
}
