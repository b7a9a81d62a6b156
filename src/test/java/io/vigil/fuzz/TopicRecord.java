package io.vigil.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One generated Kafka record for a consumed topic, with what the consumer must make of it.
 *
 * @param topic where it is produced
 * @param key the key's bytes, or null for none
 * @param value the value's bytes, or null for a tombstone
 * @param headers the record's headers, in order (a header's value may be null)
 * @param expected what the consumer must do with it
 * @param recipe how it was made, to name it in a finding
 */
record TopicRecord(
    ConsumedTopic topic,
    byte[] key,
    byte[] value,
    List<Header> headers,
    Expected expected,
    String recipe) {

  /** One record header. */
  record Header(String name, byte[] value) {}

  /** What the consumer must do with a record. */
  enum Expected {
    /** Set it aside on the dead-letter topic with a reason, and change no table. */
    SET_ASIDE,
    /** Apply it. */
    PROCESSED,
    /**
     * Readable under the topic's schema but checked by the consumer's own rules: either outcome is
     * right, but a record set aside must change nothing (it is sent again as poison to make sure).
     */
    EITHER
  }

  TopicRecord {
    headers = List.copyOf(headers);
  }

  /** The value as the consumer's string deserializer reads it. */
  String valueText() {
    return value == null ? null : new String(value, StandardCharsets.UTF_8);
  }

  /** The key as the consumer's string deserializer reads it. */
  String keyText() {
    return key == null ? null : new String(key, StandardCharsets.UTF_8);
  }

  /** The same record, expected to be set aside (a replay of one the consumer set aside before). */
  TopicRecord asPoison(String why) {
    return new TopicRecord(topic, key, value, headers, Expected.SET_ASIDE, recipe + " " + why);
  }

  @Override
  public String toString() {
    String text = valueText();
    String shown =
        text == null ? "null" : text.length() <= 300 ? text : text.substring(0, 300) + "...";
    return topic
        + " ["
        + recipe
        + "] expected "
        + expected
        + " key="
        + (key == null ? "null" : keyText().length() > 80 ? keyText().substring(0, 80) : keyText())
        + " value="
        + shown;
  }
}
