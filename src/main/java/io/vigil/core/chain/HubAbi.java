package io.vigil.core.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.web3j.crypto.Hash;

/**
 * The hub's function and custom-error selectors and event topics, read once from the committed ABI
 * ({@code contracts/ChannelHub.abi}), so a call can be named by what it calls and a revert by its
 * error.
 */
public final class HubAbi {

  private static final String RESOURCE = "contracts/ChannelHub.abi";
  private static final HubAbi HUB = load();

  /** A custom error's name and argument types, in order. */
  record ErrorAbi(String name, List<String> types) {}

  private final Map<String, String> functionsBySelector;
  private final Map<String, String> selectorsByFunction;
  private final Map<String, ErrorAbi> errorsBySelector;
  private final Map<String, String> topicsByEvent;

  private HubAbi(
      Map<String, String> functions, Map<String, ErrorAbi> errors, Map<String, String> events) {
    this.functionsBySelector = Map.copyOf(functions);
    Map<String, String> byName = new HashMap<>();
    functions.forEach((selector, name) -> byName.put(name, selector));
    this.selectorsByFunction = Map.copyOf(byName);
    this.errorsBySelector = Map.copyOf(errors);
    this.topicsByEvent = Map.copyOf(events);
  }

  /** The hub's ABI. */
  public static HubAbi hub() {
    return HUB;
  }

  /** Function name for a 0x selector (4 bytes, lower case), or null. */
  public String function(String selector) {
    return functionsBySelector.get(selector);
  }

  /**
   * The 0x selector (4 bytes, lower case) of a function by name, e.g. {@link HubFunctions#DISPUTE};
   * empty when the ABI has no such function. The hub overloads none.
   */
  public Optional<String> selector(String function) {
    return Optional.ofNullable(selectorsByFunction.get(function));
  }

  /** topic0 (0x hex, lower case) of an event by name; the hub overloads none. */
  public Optional<String> eventTopic(String event) {
    return Optional.ofNullable(topicsByEvent.get(event));
  }

  /** The custom error with this 0x selector (4 bytes, lower case). */
  Optional<ErrorAbi> error(String selector) {
    return Optional.ofNullable(errorsBySelector.get(selector));
  }

  /** The 0x selector of a custom error by name. */
  Optional<String> errorSelector(String name) {
    return errorsBySelector.entrySet().stream()
        .filter(entry -> entry.getValue().name().equals(name))
        .map(Map.Entry::getKey)
        .findFirst();
  }

  private static HubAbi load() {
    try (InputStream in = HubAbi.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the classpath");
      }
      Map<String, String> functions = new HashMap<>();
      Map<String, ErrorAbi> errors = new HashMap<>();
      Map<String, String> events = new HashMap<>();
      for (JsonNode entry : new ObjectMapper().readTree(in)) {
        String type = entry.path("type").asText();
        String name = entry.path("name").asText();
        List<String> types = new ArrayList<>();
        entry.path("inputs").forEach(input -> types.add(canonicalType(input)));
        String hash = Hash.sha3String(name + "(" + String.join(",", types) + ")");
        String selector = hash.substring(0, 10);
        if (type.equals("event")) {
          events.put(name, hash);
        } else if (type.equals("function")) {
          functions.put(selector, name);
        } else if (type.equals("error")) {
          errors.put(selector, new ErrorAbi(name, List.copyOf(types)));
        }
      }
      return new HubAbi(functions, errors, events);
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable " + RESOURCE, e);
    }
  }

  /** Canonical type of an input, e.g. {@code (bytes32,uint64,uint256,uint256)} for a tuple. */
  private static String canonicalType(JsonNode input) {
    String type = input.path("type").asText();
    if (!type.startsWith("tuple")) {
      return type;
    }
    List<String> components = new ArrayList<>();
    input.path("components").forEach(component -> components.add(canonicalType(component)));
    return "(" + String.join(",", components) + ")" + type.substring("tuple".length());
  }
}
