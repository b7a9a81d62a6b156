package io.vigil.core.chain;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.Locale;
import org.web3j.protocol.exceptions.ClientConnectionException;

/**
 * Classifies JSON-RPC failures. Providers word the same condition differently, so the message is
 * matched against the phrases the common clients and hosted providers use (geth, erigon,
 * nethermind, besu, anvil, and the large hosted APIs).
 */
public final class RpcErrors {

  private static final List<String> RANGE_TOO_LARGE =
      List.of(
          "block range",
          "range is too large",
          "range too large",
          "range too wide",
          "exceed maximum block range",
          "exceeds max block range",
          "max block range",
          "query returned more than",
          "response size exceeded",
          "log response size",
          "too many blocks",
          "more than 10000 results",
          "logs matched by query exceeds",
          "query exceeds max results",
          "eth_getlogs is limited");

  private static final List<String> RETRYABLE =
      List.of(
          "timeout",
          "timed out",
          "rate limit",
          "too many requests",
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

  private RpcErrors() {}

  /** Classifies a JSON-RPC error object. */
  public static ErrorClass classify(int code, String message) {
    String text = message == null ? "" : message.toLowerCase(Locale.ROOT);
    if (RANGE_TOO_LARGE.stream().anyMatch(text::contains)) {
      return ErrorClass.RANGE_TOO_LARGE;
    }
    if (code == 3 || text.contains("execution reverted") || text.contains("revert")) {
      return ErrorClass.FATAL;
    }
    if (code == -32005 || code == -32603 || code == 429) {
      return ErrorClass.RETRYABLE;
    }
    if (RETRYABLE.stream().anyMatch(text::contains)) {
      return ErrorClass.RETRYABLE;
    }
    // Invalid params, method not found, nonce too low, insufficient funds, underpriced, ...
    return ErrorClass.FATAL;
  }

  /** Classifies a failure to get any answer from an endpoint. */
  public static ErrorClass classify(Throwable failure) {
    if (failure instanceof ChainException chain) {
      return chain.errorClass();
    }
    if (failure instanceof IOException || failure instanceof InterruptedIOException) {
      return ErrorClass.RETRYABLE;
    }
    if (failure instanceof ClientConnectionException) {
      // Non-2xx HTTP status: the endpoint (or its proxy) is unwell; another may answer.
      return ErrorClass.RETRYABLE;
    }
    Throwable cause = failure.getCause();
    if (cause != null && cause != failure) {
      return classify(cause);
    }
    return ErrorClass.FATAL;
  }
}
