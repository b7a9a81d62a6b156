package io.vigil.client.chain;

import io.vigil.core.crypto.Address;
import java.util.List;

/** One event log as the node reports it: the emitting contract, topics, data and position. */
public record LogEntry(
    Address address,
    List<String> topics,
    String data,
    long blockNumber,
    String transactionHash,
    long logIndex) {

  public LogEntry {
    topics = List.copyOf(topics);
  }

  /** The first topic: the event's signature hash. */
  public String signature() {
    return topics.isEmpty() ? "" : topics.get(0);
  }
}
