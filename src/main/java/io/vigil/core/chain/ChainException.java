package io.vigil.core.chain;

import java.util.Optional;

/**
 * A chain call that failed, with the class that tells the caller whether a retry can help. Expected
 * outcomes (a revert of a simulated call, a missing receipt) are typed results, not this.
 */
public final class ChainException extends RuntimeException {

  private final ErrorClass errorClass;
  private final Integer rpcCode;
  private final String data;

  public ChainException(ErrorClass errorClass, String message, Integer rpcCode, String data) {
    super(message);
    this.errorClass = errorClass;
    this.rpcCode = rpcCode;
    this.data = data;
  }

  public ChainException(ErrorClass errorClass, String message, Throwable cause) {
    super(message, cause);
    this.errorClass = errorClass;
    this.rpcCode = null;
    this.data = null;
  }

  public ErrorClass errorClass() {
    return errorClass;
  }

  public boolean isRetryable() {
    return errorClass == ErrorClass.RETRYABLE;
  }

  /** The JSON-RPC error code, when the endpoint answered with one. */
  public Optional<Integer> rpcCode() {
    return Optional.ofNullable(rpcCode);
  }

  /** The JSON-RPC error data (for a revert: the ABI-encoded error), when present. */
  public Optional<String> data() {
    return Optional.ofNullable(data);
  }
}
