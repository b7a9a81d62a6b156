package io.vigil.fuzz;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * The schema of a consumed topic as docs/kafka-topics.md gives it, read off the value record and
 * judged on the JSON text, independently of how the consumer binds it: one JSON object, no field
 * named twice, every field of the record present (Vigil's producers write them all, null where the
 * record allows it) with a value of its JSON type: an integer that fits for a {@code long}, a
 * boolean for a {@code boolean}, an integer for a {@code BigInteger}, a known name for an enum.
 * Fields the record does not have are tolerated. A value this finds defective must be set aside.
 */
final class TopicSchema {

  /** As {@code vigil.messaging.max-record-bytes}. */
  static final int MAX_BYTES = 65_536;

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

  private TopicSchema() {}

  /** What is wrong with {@code value} for records of {@code type}, or null when nothing is. */
  static String defect(Class<? extends Record> type, String value) {
    if (value == null) {
      return "no value";
    }
    if (value.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      return "larger than " + MAX_BYTES + " bytes";
    }
    JsonNode root;
    try {
      root = JSON.readTree(value);
    } catch (JsonProcessingException e) {
      return "not one JSON value: " + e.getOriginalMessage();
    }
    if (root == null || !root.isObject()) {
      return "not a JSON object";
    }
    return Arrays.stream(type.getRecordComponents())
        .map(c -> fieldDefect(c, root.get(c.getName())))
        .filter(d -> d != null)
        .findFirst()
        .orElse(null);
  }

  private static String fieldDefect(RecordComponent component, JsonNode node) {
    String name = component.getName();
    if (node == null) {
      return name + " is missing";
    }
    Class<?> type = component.getType();
    if (node.isNull()) {
      return type.isPrimitive() ? name + " is null" : null;
    }
    boolean fits =
        switch (type.getName()) {
          case "long" -> node.isIntegralNumber() && node.bigIntegerValue().bitLength() < 64;
          case "boolean" -> node.isBoolean();
          case "java.lang.String" -> node.isTextual();
          case "java.math.BigInteger" -> node.isIntegralNumber();
          case "java.util.Map" -> node.isObject() && textValues(node, component.getGenericType());
          default -> type.isEnum() && node.isTextual() && isConstant(type, node.asText());
        };
    return fits ? null : name + " is not a " + type.getSimpleName() + ": " + node;
  }

  private static boolean textValues(JsonNode object, Type generic) {
    boolean ofStrings =
        generic instanceof ParameterizedType p
            && p.getActualTypeArguments()[1].equals(String.class);
    if (!ofStrings) {
      throw new IllegalStateException("only maps of strings are described: " + generic);
    }
    for (Map.Entry<String, JsonNode> field : object.properties()) {
      if (!field.getValue().isTextual()) {
        return false;
      }
    }
    return true;
  }

  private static boolean isConstant(Class<?> type, String name) {
    return Arrays.stream(type.getEnumConstants()).anyMatch(c -> ((Enum<?>) c).name().equals(name));
  }
}
