package io.vigil.relay.chain;

import com.fasterxml.jackson.databind.JsonNode;

/** A JSON-RPC error answer from a node: the call was understood and refused. */
public final class RpcError extends RuntimeException {

  private final int code;
  private final transient JsonNode data;

  public RpcError(int code, String message, JsonNode data) {
    super(message);
    this.code = code;
    this.data = data;
  }

  public int code() {
    return code;
  }

  /** The error's data (revert data for a reverted call), or null. */
  public JsonNode data() {
    return data;
  }

  /** The revert data as 0x hex when the error carries some, else null. */
  public String revertData() {
    if (data == null) {
      return null;
    }
    if (data.isTextual() && data.asText().startsWith("0x")) {
      return data.asText();
    }
    JsonNode nested = data.get("data");
    if (nested != null && nested.isTextual() && nested.asText().startsWith("0x")) {
      return nested.asText();
    }
    return null;
  }
}
