package io.vigil.core.chain;

import com.fasterxml.jackson.core.JacksonException;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.web3j.protocol.exceptions.ClientConnectionException;

/**
 * Classifies JSON-RPC failures into {@link RpcFailure}s; pure. Providers word the same condition
 * differently, so an error message is matched against the phrases the node clients (geth and its
 * forks, erigon, reth, besu, nethermind) and the hosted providers use.
 */
public final class RpcErrors {

  /** Phrases of an eth_getLogs refusal that a smaller range would pass. */
  private static final List<String> RANGE_TOO_LARGE =
      List.of(
          "query returned more than", // Infura (-32005) and older geth: "... 10000 results"
          "log response size exceeded", // Alchemy (-32602)
          "response size exceeded",
          "response is too big",
          "response too large",
          "block range is too wide", // Ankr, Moonbeam, public endpoints
          "block range is too large",
          "block range too large",
          "range is too large",
          "range too large",
          "range too wide",
          "block range greater than",
          "block range limit",
          "exceed maximum block range", // BSC and Polygon geth forks (-32000)
          "exceeds maximum block range",
          "exceeds max block range",
          "max block range", // reth "query exceeds max block range N"
          "query exceeds max results", // reth
          "exceeds maximum rpc range", // besu (-32005)
          "eth_getlogs is limited", // QuickNode
          "eth_getlogs and eth_newfilter are limited",
          "too many blocks",
          "logs matched by query exceeds",
          "consider reducing your block range"); // Infura/Alchemy query timeouts

  /**
   * Phrases that mention a block range but say the request is wrong, not too big (geth: "invalid
   * block range params", the execution-apis test "block range extends beyond current head block").
   */
  private static final List<String> NOT_A_SIZE =
      List.of("invalid block range", "extends beyond", "invalid from and to block");

  private static final List<String> UNAVAILABLE =
      List.of(
          "timeout",
          "timed out",
          "rate limit",
          "too many requests",
          "limit exceeded",
          "header not found",
          "busy",
          "try again",
          "temporarily unavailable",
          "service unavailable",
          "bad gateway",
          "internal error",
          "connection reset",
          "request limit",
          "capacity exceeded");

  private static final Pattern HTTP_FAILURE =
      Pattern.compile("Invalid response received: (\\d{3})(?:; )?(.*)", Pattern.DOTALL);
  private static final Pattern ERROR_CODE = Pattern.compile("\"code\"\\s*:\\s*(-?\\d+)");
  private static final Pattern ERROR_MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"([^\"]*)\"");

  private RpcErrors() {}

  /** Classifies a JSON-RPC error object (an answer with {@code error}). */
  public static RpcFailure answer(int code, String message) {
    String detail = message == null ? "" : message;
    String text = detail.toLowerCase(Locale.ROOT);
    if (RANGE_TOO_LARGE.stream().anyMatch(text::contains)
        && NOT_A_SIZE.stream().noneMatch(text::contains)) {
      return new RpcFailure.RangeTooLarge(code, detail);
    }
    if (code == 3 || text.contains("revert")) {
      return new RpcFailure.Rejected(code, detail);
    }
    // -32005: limit exceeded (Infura, BSC); -32603: internal error; 429: rate limit in the body.
    if (code == -32005 || code == -32603 || code == 429) {
      return new RpcFailure.Unavailable(code + ": " + detail);
    }
    if (UNAVAILABLE.stream().anyMatch(text::contains)) {
      return new RpcFailure.Unavailable(code + ": " + detail);
    }
    // Invalid params, method not found, nonce too low, insufficient funds, underpriced, ...
    return new RpcFailure.Rejected(code, detail);
  }

  /**
   * Classifies an HTTP answer that is not 2xx. The endpoint (or its gateway) is at fault, so the
   * next endpoint is tried, unless the body is a JSON-RPC error about the request that a provider
   * sent with a 4xx status.
   */
  public static RpcFailure httpStatus(int status, String body) {
    String text = body == null ? "" : body;
    boolean endpointFault =
        status >= 500 || status == 401 || status == 403 || status == 408 || status == 429;
    Matcher code = ERROR_CODE.matcher(text);
    Matcher message = ERROR_MESSAGE.matcher(text);
    if (!endpointFault && status >= 400 && code.find() && message.find()) {
      RpcFailure inBody = answer(Integer.parseInt(code.group(1)), message.group(1));
      if (!(inBody instanceof RpcFailure.Unavailable)) {
        return inBody;
      }
    }
    return new RpcFailure.Unavailable("HTTP " + status);
  }

  /** Classifies a failure to get a JSON-RPC answer from an endpoint. */
  public static RpcFailure thrown(Throwable failure) {
    if (failure instanceof ChainException chain) {
      return switch (chain.errorClass()) {
        case RANGE_TOO_LARGE ->
            new RpcFailure.RangeTooLarge(chain.rpcCode().orElse(0), chain.getMessage());
        case RETRYABLE -> new RpcFailure.Unavailable(chain.getMessage());
        case FATAL -> new RpcFailure.Rejected(chain.rpcCode().orElse(0), chain.getMessage());
      };
    }
    if (failure instanceof ClientConnectionException) {
      Matcher http = HTTP_FAILURE.matcher(String.valueOf(failure.getMessage()));
      return http.matches()
          ? httpStatus(Integer.parseInt(http.group(1)), http.group(2))
          : new RpcFailure.Unavailable(String.valueOf(failure.getMessage()));
    }
    if (failure instanceof JacksonException) {
      return new RpcFailure.Malformed(String.valueOf(failure.getMessage()));
    }
    if (failure instanceof IOException) {
      return new RpcFailure.Unavailable(failure.toString());
    }
    Throwable cause = failure.getCause();
    if (cause != null && cause != failure) {
      return thrown(cause);
    }
    // A bug on this side: not the endpoint's fault, so it surfaces rather than fails over.
    return new RpcFailure.Rejected(0, failure.toString());
  }

  /** The class of a JSON-RPC error object. */
  public static ErrorClass classify(int code, String message) {
    return answer(code, message).errorClass();
  }

  /** The class of a failure to get an answer. */
  public static ErrorClass classify(Throwable failure) {
    return thrown(failure).errorClass();
  }
}
