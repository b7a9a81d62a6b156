package io.vigil.core.messaging;

import java.util.List;

/**
 * Kafka topic names. Each topic has one key and one value schema, documented in
 * docs/kafka-topics.md; code that produces or consumes a topic refers to it through here, and the
 * Kubernetes manifests declare a KafkaTopic for each.
 */
public final class Topics {

  private Topics() {}

  /** Decoded hub-contract events and their reorg retractions. Key: channel id (0x, 32 bytes). */
  public static final String CHANNEL_EVENTS = "vigil.channel-events";

  /** Transactions for the relay to send. Key: sending account (0x address, lower case). */
  public static final String TX_REQUESTS = "vigil.tx-requests";

  /** What became of each transaction request. Key: request id. */
  public static final String TX_OUTCOMES = "vigil.tx-outcomes";

  /**
   * Records of {@link #CHANNEL_EVENTS} the watcher could not apply (unreadable, refused or failing
   * repeatedly), with the reason in the record's headers. Written by the watcher.
   */
  public static final String CHANNEL_EVENTS_DLQ = "vigil.channel-events.dlq";

  /** Records of {@link #TX_REQUESTS} the relay refused or could not store. Written by the relay. */
  public static final String TX_REQUESTS_DLQ = "vigil.tx-requests.dlq";

  /** Records of {@link #TX_OUTCOMES} the watcher could not apply. Written by the watcher. */
  public static final String TX_OUTCOMES_DLQ = "vigil.tx-outcomes.dlq";

  /** Every topic Vigil uses, dead-letter topics included. */
  public static final List<String> ALL =
      List.of(
          CHANNEL_EVENTS,
          TX_REQUESTS,
          TX_OUTCOMES,
          CHANNEL_EVENTS_DLQ,
          TX_REQUESTS_DLQ,
          TX_OUTCOMES_DLQ);
}
