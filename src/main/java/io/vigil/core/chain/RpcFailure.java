package io.vigil.core.chain;

/**
 * Why one JSON-RPC exchange with one endpoint failed. The class decides what happens next: a
 * refused log range is asked again smaller, an endpoint that is down or answers garbage is left for
 * the next one, and an answer that says the request itself is wrong is surfaced as it is (another
 * endpoint would say the same).
 */
public sealed interface RpcFailure {

  /** What the endpoint said or what went wrong, for logs and exception messages. */
  String detail();

  /** Whether repeating the call can help, and how. */
  default ErrorClass errorClass() {
    return switch (this) {
      case RangeTooLarge tooLarge -> ErrorClass.RANGE_TOO_LARGE;
      case Unavailable unavailable -> ErrorClass.RETRYABLE;
      case Rejected rejected -> ErrorClass.FATAL;
      case Malformed malformed -> ErrorClass.RETRYABLE;
    };
  }

  /** Metric label of the kind of failure: {@code range_too_large}, {@code unavailable}, ... */
  default String label() {
    return switch (this) {
      case RangeTooLarge tooLarge -> "range_too_large";
      case Unavailable unavailable -> "unavailable";
      case Rejected rejected -> "rejected";
      case Malformed malformed -> "malformed";
    };
  }

  /** True when the next endpoint should be asked: the fault lies with this endpoint. */
  default boolean triesNextEndpoint() {
    return errorClass() == ErrorClass.RETRYABLE;
  }

  /** The provider refused the size of an eth_getLogs query; a smaller range may pass. */
  record RangeTooLarge(int code, String detail) implements RpcFailure {}

  /**
   * No answer, an HTTP error, a rate limit or an overloaded node: later, or another endpoint, may
   * answer.
   */
  record Unavailable(String detail) implements RpcFailure {}

  /**
   * A JSON-RPC error answer about the request itself (revert, invalid params, unknown method, bad
   * nonce): repeating it anywhere cannot help. {@code code} is 0 when the failure had no answer
   * behind it (a bug on this side).
   */
  record Rejected(int code, String detail) implements RpcFailure {}

  /** The endpoint answered something that is not JSON-RPC; another endpoint may answer properly. */
  record Malformed(String detail) implements RpcFailure {}
}
