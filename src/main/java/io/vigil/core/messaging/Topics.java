package io.vigil.core.messaging;

/**
 * Kafka topic names. Each topic has one key and one value schema, documented in
 * docs/kafka-topics.md; the code that produces or consumes a topic refers to it through here.
 */
public final class Topics {

  private Topics() {}
}
