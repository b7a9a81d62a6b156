package io.vigil.relay.chain;

/** No endpoint could be reached or answered sensibly; retrying later may help. */
public final class RpcUnavailable extends RuntimeException {

  public RpcUnavailable(String message, Throwable cause) {
    super(message, cause);
  }
}
