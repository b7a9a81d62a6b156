package io.vigil.core.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
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
