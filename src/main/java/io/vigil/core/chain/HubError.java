package io.vigil.core.chain;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One of the hub's custom errors decoded from revert data, e.g. {@code NonceNotHigher(3, 5)}.
 * Arguments are rendered as text: numbers in decimal, addresses and bytes32 in {@code 0x} hex.
 */
public record HubError(String name, List<String> arguments) {

  private static final String ERROR_STRING = "0x08c379a0";
  private static final String PANIC = "0x4e487b71";

  /** Decodes revert data; empty when it is not one of the hub's errors. */
  public static Optional<HubError> decode(String revertData) {
    if (revertData == null) {
      return Optional.empty();
    }
    String hex = revertData.toLowerCase(Locale.ROOT).replaceFirst("^0x", "");
    if (hex.length() < 8) {
      return Optional.empty();
    }
    Optional<HubAbi.ErrorAbi> found = HubAbi.hub().error("0x" + hex.substring(0, 8));
    if (found.isEmpty() || hex.length() != 8 + 64 * found.get().types().size()) {
      return Optional.empty();
    }
    HubAbi.ErrorAbi abi = found.get();
    List<String> arguments = new ArrayList<>();
    for (int i = 0; i < abi.types().size(); i++) {
      String word = hex.substring(8 + 64 * i, 8 + 64 * (i + 1));
      String type = abi.types().get(i);
      if (type.equals("address")) {
        arguments.add("0x" + word.substring(24));
      } else if (type.startsWith("bytes")) {
        arguments.add("0x" + word);
      } else {
        arguments.add(new BigInteger(word, 16).toString());
      }
    }
    return Optional.of(new HubError(abi.name(), List.copyOf(arguments)));
  }

  /** The 4-byte selector ({@code 0x} hex) of a hub error by name. */
  public static String selector(String name) {
    return HubAbi.hub()
        .errorSelector(name)
        .orElseThrow(() -> new IllegalArgumentException("the hub has no error " + name));
  }

  /**
   * A readable reason for revert data (0x hex, possibly null) and the node's message: {@code
   * Error(string)} gives its message, {@code Panic(uint256)} its code, a hub error its name and
   * arguments, any other custom error its selector and arguments as hex.
   */
  public static String reason(String revertData, String nodeMessage) {
    if (revertData == null || revertData.length() < 10) {
      String message = nodeMessage == null || nodeMessage.isBlank() ? "reverted" : nodeMessage;
      return message.startsWith("execution reverted") ? message : "reverted: " + message;
    }
    String lower = revertData.toLowerCase(Locale.ROOT);
    String selector = lower.substring(0, 10);
    try {
      if (selector.equals(ERROR_STRING)) {
        byte[] bytes = HexFormat.of().parseHex(lower.substring(10));
        int length = new BigInteger(1, Arrays.copyOfRange(bytes, 32, 64)).intValueExact();
        return "reverted: " + new String(bytes, 64, length, StandardCharsets.UTF_8);
      }
      if (selector.equals(PANIC)) {
        return "panic 0x" + new BigInteger(lower.substring(10), 16).toString(16);
      }
    } catch (RuntimeException malformed) {
      return "reverted with malformed data " + lower;
    }
    Optional<HubError> hub = decode(lower);
    if (hub.isPresent()) {
      return "reverted: " + hub.get();
    }
    String arguments = lower.length() > 10 ? " args 0x" + lower.substring(10) : "";
    return "reverted: custom error " + selector + arguments;
  }

  @Override
  public String toString() {
    return name + "(" + String.join(", ", arguments) + ")";
  }
}
