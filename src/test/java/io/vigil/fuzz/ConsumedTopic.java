package io.vigil.fuzz;

import io.vigil.core.messaging.ChannelEvent;
import io.vigil.core.messaging.TransactionOutcome;
import io.vigil.core.messaging.TransactionRequest;

/**
 * A topic a Vigil role consumes, as a fuzzing world names it: its private topic name, the consumer
 * group that reads it, the record type of its values, and the incoming channel that dead-letters.
 */
enum ConsumedTopic {
  CHANNEL_EVENTS("channel-events", "watcher", "watcher-channel-events", ChannelEvent.class),
  TX_OUTCOMES("tx-outcomes", "watcher", "watcher-tx-outcomes", TransactionOutcome.class),
  TX_REQUESTS("tx-requests", "relay", "relay-tx-requests", TransactionRequest.class);

  private final String suffix;
  private final String role;
  final String channel;
  final Class<? extends Record> type;

  ConsumedTopic(String suffix, String role, String channel, Class<? extends Record> type) {
    this.suffix = suffix;
    this.role = role;
    this.channel = channel;
    this.type = type;
  }

  /** The topic of a world whose private topic names start with {@code prefix}. */
  String topic(String prefix) {
    return prefix + "." + suffix;
  }

  /** Its dead-letter topic in that world. */
  String deadLetters(String prefix) {
    return topic(prefix) + ".dlq";
  }

  /** The consumer group of the role that reads it (FuzzWorld names the groups so). */
  String group(String prefix) {
    return prefix + "-" + role;
  }

  /**
   * The world's settings that give this topic's channel its dead-letter topic and quick commits.
   */
  void configure(String prefix, java.util.Map<String, String> config) {
    String incoming = "mp.messaging.incoming." + channel + ".";
    config.put(incoming + "dead-letter-queue.topic", deadLetters(prefix));
    // The settling of a record is read off the group's committed offset: commit it often.
    config.put(incoming + "auto.commit.interval.ms", "100");
  }
}
