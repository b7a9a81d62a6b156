package io.vigil.core.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Writes values of one type as JSON text and reads them back, for payloads this process wrote
 * itself (outbox rows, stored events). A payload that does not write or read is a bug, never an
 * expected outcome, so it is thrown as an {@link IllegalStateException}.
 */
public record JsonPayloads<T>(ObjectMapper json, Class<T> type) {

  public String write(T value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public T read(String payload) {
    try {
      return json.readValue(payload, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored " + type.getSimpleName() + " is unreadable", e);
    }
  }
}
