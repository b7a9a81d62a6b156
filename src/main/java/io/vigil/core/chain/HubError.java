package io.vigil.core.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.web3j.crypto.Hash;

/**
 * One of the hub's custom errors decoded from revert data, e.g. {@code NonceNotHigher(3, 5)}.
 * Arguments are rendered as text: numbers in decimal, addresses and bytes32 in {@code 0x} hex.
 */
public record HubError(String name, List<String> arguments) {

  private static final Map<String, ErrorAbi> BY_SELECTOR = loadErrors();

  private record ErrorAbi(String name, List<String> types) {}

  /** Decodes revert data; empty when it is not one of the hub's errors. */
  public static Optional<HubError> decode(String revertData) {
    if (revertData == null) {
      return Optional.empty();
    }
    String hex = revertData.toLowerCase(Locale.ROOT).replaceFirst("^0x", "");
    if (hex.length() < 8) {
      return Optional.empty();
    }
    ErrorAbi abi = BY_SELECTOR.get(hex.substring(0, 8));
    if (abi == null || hex.length() != 8 + 64 * abi.types().size()) {
      return Optional.empty();
    }
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
    return BY_SELECTOR.entrySet().stream()
        .filter(entry -> entry.getValue().name().equals(name))
        .map(entry -> "0x" + entry.getKey())
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("the hub has no error " + name));
  }

  @Override
  public String toString() {
    return name + "(" + String.join(", ", arguments) + ")";
  }

  private static Map<String, ErrorAbi> loadErrors() {
    try (InputStream in =
        HubError.class.getClassLoader().getResourceAsStream("contracts/ChannelHub.abi")) {
      if (in == null) {
        throw new IllegalStateException("contracts/ChannelHub.abi is missing from the classpath");
      }
      JsonNode abi = new ObjectMapper().readTree(in);
      Map<String, ErrorAbi> errors = new HashMap<>();
      for (JsonNode entry : abi) {
        if (!"error".equals(entry.path("type").asText())) {
          continue;
        }
        List<String> types = new ArrayList<>();
        entry.path("inputs").forEach(input -> types.add(input.path("type").asText()));
        String signature = entry.path("name").asText() + "(" + String.join(",", types) + ")";
        String selector =
            HexFormat.of()
                .formatHex(Hash.sha3(signature.getBytes(StandardCharsets.UTF_8)))
                .substring(0, 8);
        errors.put(selector, new ErrorAbi(entry.path("name").asText(), List.copyOf(types)));
      }
      return Map.copyOf(errors);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
