package io.vigil.core.messaging;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * What a consumer made of one record's value: a value it can apply, or the reason it cannot, which
 * sends the record to the dead-letter topic. Nothing is applied before a record reads as usable.
 */
public sealed interface Reading<T> {

  /** A value the consumer can apply. */
  record Usable<T>(T value) implements Reading<T> {}

  /** A record the consumer sets aside, and why. */
  record Unusable<T>(Poison poison, String reason) implements Reading<T> {}

  static <T> Reading<T> usable(T value) {
    return new Usable<>(value);
  }

  static <T> Reading<T> unusable(Poison poison, String reason) {
    return new Unusable<>(poison, reason);
  }

  /** This reading's value put through {@code check}; an unusable reading stays as it is. */
  default <U> Reading<U> then(Function<T, Reading<U>> check) {
    return switch (this) {
      case Usable<T> usable -> check.apply(usable.value());
      case Unusable<T> unusable -> unusable(unusable.poison(), unusable.reason());
    };
  }

  /**
   * A copy of {@code json} that reads a record only as its topic's schema writes it: every field of
   * the record present (null where the record allows it), each as its JSON type. Jackson would
   * otherwise fill a missing {@code long} or {@code boolean} with 0 or false (a retraction without
   * its flag read as a connected event), cut 1.5 to 1, read {@code "12"} as a number, {@code 1} as
   * true, {@code 5} as the text "5" or as the sixth enum constant. Fields the record does not have
   * are still ignored, and a field named twice is refused.
   */
  static ObjectMapper strict(ObjectMapper json) {
    ObjectMapper strict =
        json.copy()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(DeserializationFeature.UNWRAP_SINGLE_VALUE_ARRAYS)
            .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .disable(DeserializationFeature.ACCEPT_EMPTY_STRING_AS_NULL_OBJECT);
    for (LogicalType type : LogicalType.values()) {
      for (CoercionInputShape shape : CoercionInputShape.values()) {
        strict.coercionConfigFor(type).setCoercion(shape, CoercionAction.Fail);
      }
    }
    return strict;
  }

  /**
   * Parses a record value as JSON of {@code reader}'s type. The size is checked before anything is
   * parsed: a value over {@code maxBytes} UTF-8 bytes is {@link Poison#OVERSIZED}. A missing value
   * (a tombstone), {@code null}, anything that is not one JSON value of the type, or trailing
   * content is {@link Poison#MALFORMED}.
   */
  static <T> Reading<T> parse(String payload, int maxBytes, ObjectReader reader) {
    if (payload == null) {
      return unusable(Poison.MALFORMED, "the record has no value");
    }
    // Each char is at most 3 UTF-8 bytes: count bytes only when the length cannot decide.
    long bytes =
        payload.length() > maxBytes || (long) payload.length() * 3 <= maxBytes
            ? payload.length()
            : payload.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > maxBytes) {
      return unusable(
          Poison.OVERSIZED, "the value is larger than " + maxBytes + " bytes; it was not read");
    }
    try {
      T value = reader.with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readValue(payload);
      if (value == null) {
        return unusable(Poison.MALFORMED, "the value is JSON null");
      }
      return usable(value);
    } catch (JsonProcessingException malformed) {
      return unusable(Poison.MALFORMED, "not a readable value: " + malformed.getOriginalMessage());
    }
  }
}
