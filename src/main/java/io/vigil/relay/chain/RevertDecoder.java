package io.vigil.relay.chain;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * Turns revert data into a readable reason: {@code Error(string)} gives its message, {@code
 * Panic(uint256)} its code, and a custom error of a known contract its name and arguments as hex.
 */
public final class RevertDecoder {

  private static final String ERROR_STRING = "0x08c379a0";
  private static final String PANIC = "0x4e487b71";

  private final Map<String, String> customErrors;

  public RevertDecoder(Map<String, String> customErrors) {
    this.customErrors = Map.copyOf(customErrors);
  }

  /** A decoder knowing the custom errors of a contract's ABI. */
  public static RevertDecoder of(HubAbi abi) {
    return new RevertDecoder(abi.errors());
  }

  /** A reason for the revert data (0x hex, possibly null) and the node's message. */
  public String reason(String data, String nodeMessage) {
    if (data == null || data.length() < 10) {
      String message = nodeMessage == null || nodeMessage.isBlank() ? "reverted" : nodeMessage;
      return message.startsWith("execution reverted") ? message : "reverted: " + message;
    }
    String lower = data.toLowerCase(Locale.ROOT);
    String selector = lower.substring(0, 10);
    try {
      if (selector.equals(ERROR_STRING)) {
        byte[] bytes = HexFormat.of().parseHex(lower.substring(10));
        int length = new BigInteger(1, java.util.Arrays.copyOfRange(bytes, 32, 64)).intValueExact();
        return "reverted: " + new String(bytes, 64, length, StandardCharsets.UTF_8);
      }
      if (selector.equals(PANIC)) {
        return "panic 0x" + new BigInteger(lower.substring(10), 16).toString(16);
      }
    } catch (RuntimeException malformed) {
      return "reverted with malformed data " + lower;
    }
    String name = customErrors.get(selector);
    String arguments = lower.length() > 10 ? " args 0x" + lower.substring(10) : "";
    return name != null
        ? "reverted: " + name + arguments
        : "reverted: custom error " + selector + arguments;
  }
}
