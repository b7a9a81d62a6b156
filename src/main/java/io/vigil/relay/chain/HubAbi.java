package io.vigil.relay.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.web3j.crypto.Hash;

/**
 * Function selectors and custom-error selectors of a contract, read from its committed ABI, so the
 * relay can name what a transaction calls and why it reverted.
 */
public final class HubAbi {

  private final Map<String, String> functionsBySelector;
  private final Map<String, String> selectorsByFunction;
  private final Map<String, String> errorsBySelector;

  private HubAbi(Map<String, String> functions, Map<String, String> errors) {
    this.functionsBySelector = Map.copyOf(functions);
    Map<String, String> byName = new HashMap<>();
    functions.forEach((selector, name) -> byName.put(name, selector));
    this.selectorsByFunction = Map.copyOf(byName);
    this.errorsBySelector = Map.copyOf(errors);
  }

  /** Reads the first of these classpath resources that exists; empty when none does. */
  public static HubAbi load(ObjectMapper json, String... resources) {
    Map<String, String> functions = new HashMap<>();
    Map<String, String> errors = new HashMap<>();
    for (String resource : resources) {
      try (InputStream in =
          Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
        if (in == null) {
          continue;
        }
        for (JsonNode entry : json.readTree(in)) {
          String type = entry.path("type").asText();
          if (!type.equals("function") && !type.equals("error")) {
            continue;
          }
          String name = entry.path("name").asText();
          String selector = Hash.sha3String(signature(name, entry.path("inputs"))).substring(0, 10);
          (type.equals("function") ? functions : errors).put(selector, name);
        }
        break;
      } catch (IOException e) {
        throw new IllegalStateException("unreadable ABI " + resource, e);
      }
    }
    return new HubAbi(functions, errors);
  }

  /** Canonical signature, e.g. {@code close((bytes32,uint64,uint256,uint256),bytes,bytes)}. */
  static String signature(String name, JsonNode inputs) {
    StringBuilder signature = new StringBuilder(name).append('(');
    for (int i = 0; i < inputs.size(); i++) {
      signature.append(i == 0 ? "" : ",").append(canonicalType(inputs.get(i)));
    }
    return signature.append(')').toString();
  }

  private static String canonicalType(JsonNode input) {
    String type = input.path("type").asText();
    if (type.startsWith("tuple")) {
      StringBuilder tuple = new StringBuilder("(");
      JsonNode components = input.path("components");
      for (int i = 0; i < components.size(); i++) {
        tuple.append(i == 0 ? "" : ",").append(canonicalType(components.get(i)));
      }
      return tuple.append(')').append(type.substring("tuple".length())).toString();
    }
    return type;
  }

  /** Function name for a 0x selector (4 bytes), or null. */
  public String function(String selector) {
    return functionsBySelector.get(selector);
  }

  /**
   * The 0x selector (4 bytes, lower case) of a function by name, e.g. {@code
   * ChannelHub.FUNC_DISPUTE}; empty when the ABI has no such function. The hub overloads none.
   */
  public Optional<String> selector(String function) {
    return Optional.ofNullable(selectorsByFunction.get(function));
  }

  /** Custom error names by 0x selector. */
  public Map<String, String> errors() {
    return errorsBySelector;
  }
}
