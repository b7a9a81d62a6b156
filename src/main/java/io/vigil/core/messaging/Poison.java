package io.vigil.core.messaging;

import java.util.Locale;

/**
 * Why a consumer set a record aside on its dead-letter topic. The label is the {@code reason} of
 * {@code vigil_kafka_dead_letters_total} and starts the {@code dead-letter-reason} header.
 */
public enum Poison {
  /** Larger than {@code vigil.messaging.max-record-bytes}; not parsed. */
  OVERSIZED,
  /** Empty, not JSON, or not the topic's schema. */
  MALFORMED,
  /**
   * Well formed, but the consumer will not act on it (e.g. a transaction the relay must not send).
   */
  REFUSED,
  /** Failed {@code vigil.messaging.poison-attempts} times while the database answered. */
  FAILING;

  /** Lower-case name, as used in metrics and headers. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
