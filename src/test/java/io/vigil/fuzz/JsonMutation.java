package io.vigil.fuzz;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One change to a valid JSON body, applied at the {@code at}-th node (in document order, modulo the
 * number of nodes) with a size or choice {@code n}: the kinds of damage clients and attackers send.
 * Deterministic, so jqwik can shrink and replay it.
 */
record JsonMutation(Kind kind, int at, int n) {

  enum Kind {
    NONE,
    DROP,
    DUPLICATE,
    EXTRA_FIELD,
    WRONG_TYPE,
    HUGE_NUMBER,
    NEGATIVE,
    UNICODE,
    LONG_STRING,
    DEEP_NESTING,
    TRUNCATE,
    NOT_AN_OBJECT,
    BYTE_ORDER_MARK,
    INVALID_UTF8
  }

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  static final List<String> WRONG_VALUES =
      List.of(
          "\"text\"",
          "\"\"",
          "0",
          "-1",
          "1.5",
          "true",
          "false",
          "null",
          "[]",
          "{}",
          "[1,\"2\"]",
          "{\"a\":{\"b\":[null]}}",
          "\"0x\"",
          "\"0xzz\"",
          "\"0x00\"");

  static final List<String> HUGE_NUMBERS =
      List.of(
          "1e400",
          "-1e400",
          "1e-400",
          "9223372036854775807",
          "9223372036854775808",
          "-9223372036854775809",
          "18446744073709551616",
          "115792089237316195423570985008687907853269984665640564039457584007913129639936",
          "\"115792089237316195423570985008687907853269984665640564039457584007913129639936\"",
          "\"99999999999999999999999999999999999999999999999999999999999999999999999999999999\"",
          "123456789012345678901234567890123456789012345678901234567890.123456789",
          "\"1e18\"",
          "\"0x7fffffffffffffff\"");

  static final List<String> UNICODE =
      List.of(
          "\u0000",
          "\uD83D\uDE00\uD83D\uDE00",
          "\u202Eevil",
          "\u00e9t\u00e9",
          "a\u0301\u0301\u0301",
          "\uFFFF\uFFFE",
          "\u4e2d\u6587",
          "\u0130\u0131",
          "\n\r\t",
          "../../etc/passwd",
          "'; drop table watcher_state; --",
          "%00%2F");

  static final List<String> NOT_OBJECTS =
      List.of(
          "", " ", "null", "[]", "{}", "\"\"", "0", "[{}]", "{", "}", "{\"\":}", "nul", "\u0000");

  static final List<Integer> LONG_SIZES = List.of(300, 4_000, 30_000, 70_000);
  static final List<Integer> DEPTHS = List.of(50, 600, 1_200, 5_000);

  /** The mutated body, as the bytes to send. */
  byte[] apply(String example) {
    return switch (kind) {
      case TRUNCATE -> utf8(example.substring(0, Math.floorMod(at, Math.max(1, example.length()))));
      case NOT_AN_OBJECT -> utf8(pick(NOT_OBJECTS));
      case BYTE_ORDER_MARK -> utf8("\uFEFF" + example);
      case INVALID_UTF8 -> invalidUtf8(example);
      case DUPLICATE -> utf8(duplicate(example));
      default -> utf8(onTree(example));
    };
  }

  private String onTree(String example) {
    JsonNode root = read(example);
    if (kind == Kind.NONE) {
      return example;
    }
    if (kind == Kind.EXTRA_FIELD && root instanceof ObjectNode object) {
      object.set("unexpected" + n, raw(pick(WRONG_VALUES)));
      return write(root);
    }
    List<Slot> slots = new ArrayList<>();
    collect(root, slots);
    if (slots.isEmpty()) {
      return write(root);
    }
    Slot slot = slots.get(Math.floorMod(at, slots.size()));
    JsonNode current = slot.get();
    String placeholder = "__vigil_fuzz_placeholder__";
    String replacement = null;
    switch (kind) {
      case DROP -> slot.remove();
      case EXTRA_FIELD, WRONG_TYPE -> slot.set(raw(pick(WRONG_VALUES)));
      case HUGE_NUMBER -> slot.set(raw(pick(HUGE_NUMBERS)));
      case NEGATIVE -> slot.set(negative(current));
      case UNICODE -> slot.set(TextNode.valueOf(pick(UNICODE)));
      case LONG_STRING -> {
        int size = pick(LONG_SIZES);
        String unit = Math.floorMod(n, 2) == 0 ? "a" : "\u00e9";
        slot.set(TextNode.valueOf(unit.repeat(size)));
      }
      case DEEP_NESTING -> {
        int depth = pick(DEPTHS);
        slot.set(TextNode.valueOf(placeholder));
        replacement = "[".repeat(depth) + "1" + "]".repeat(depth);
      }
      default -> throw new IllegalStateException("not a tree mutation: " + kind);
    }
    String text = write(root);
    return replacement == null ? text : text.replace("\"" + placeholder + "\"", replacement);
  }

  /** The root object with one of its fields sent twice, the second time with a wrong value. */
  private String duplicate(String example) {
    JsonNode root = read(example);
    if (!(root instanceof ObjectNode object) || object.isEmpty()) {
      return example + example;
    }
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    String name = names.get(Math.floorMod(at, names.size()));
    String text = write(root);
    String copy = Math.floorMod(n, 2) == 0 ? write(object.get(name)) : pick(WRONG_VALUES);
    return text.substring(0, text.length() - 1) + ",\"" + name + "\":" + copy + "}";
  }

  private byte[] invalidUtf8(String example) {
    byte[] text = utf8(example);
    int position = Math.floorMod(at, Math.max(1, text.length));
    byte[] out = new byte[text.length + 2];
    System.arraycopy(text, 0, out, 0, position);
    out[position] = (byte) 0xC3;
    out[position + 1] = (byte) (0x28 + Math.floorMod(n, 3) * 0x50);
    System.arraycopy(text, position, out, position + 2, text.length - position);
    return out;
  }

  private JsonNode negative(JsonNode current) {
    if (current.isNumber()) {
      return raw(current.asText().startsWith("-") ? current.asText() : "-" + current.asText());
    }
    if (current.isTextual() && current.asText().matches("[0-9.]+")) {
      return TextNode.valueOf("-" + current.asText());
    }
    return raw("-" + (1 + Math.floorMod(n, 1000)));
  }

  private <T> T pick(List<T> options) {
    return options.get(Math.floorMod(n, options.size()));
  }

  private static JsonNode read(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a JSON example: " + text, e);
    }
  }

  private static JsonNode raw(String text) {
    return read(text);
  }

  private static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Every node under {@code node}, in document order, as a place to read, replace or remove. */
  private static void collect(JsonNode node, List<Slot> slots) {
    if (node instanceof ObjectNode object) {
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        slots.add(new Slot(object, field.getKey(), -1));
        collect(field.getValue(), slots);
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        slots.add(new Slot(array, null, i));
        collect(array.get(i), slots);
      }
    }
  }

  /** A field of an object or an element of an array. */
  private record Slot(ContainerNode<?> parent, String name, int index) {
    JsonNode get() {
      return name != null ? parent.get(name) : parent.get(index);
    }

    void set(JsonNode value) {
      if (name != null) {
        ((ObjectNode) parent).set(name, value);
      } else {
        ((ArrayNode) parent).set(index, value);
      }
    }

    void remove() {
      if (name != null) {
        ((ObjectNode) parent).remove(name);
      } else {
        ((ArrayNode) parent).remove(index);
      }
    }
  }

  @Override
  public String toString() {
    return kind + "@" + at + "/" + n;
  }
}
