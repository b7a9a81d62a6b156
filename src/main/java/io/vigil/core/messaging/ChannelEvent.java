package io.vigil.core.messaging;

import io.vigil.core.chain.LogPosition;
import java.math.BigInteger;
import java.util.Map;
import java.util.TreeMap;

/**
 * One decoded hub-contract event, or its retraction when the block holding it left the canonical
 * chain. Published on {@link Topics#CHANNEL_EVENTS} keyed by channel id ({@code Withdrawn}, which
 * concerns no channel, is keyed by the account). Consumers are idempotent on {@link #eventId()}
 * plus {@link #retracted()}.
 *
 * @param eventId {@code <blockHash>:<logIndex>}, unique per log of a block
 * @param retracted true when this announces that the event is no longer on the canonical chain
 * @param type the Solidity event name, e.g. {@code CloseStarted}
 * @param channelId 0x channel id (32 bytes), or null for {@code Withdrawn}
 * @param blockNumber number of the block holding the log
 * @param blockHash hash of the block holding the log
 * @param txHash hash of the transaction that emitted the log
 * @param logIndex index of the log in its block
 * @param fields the event's other arguments by Solidity name: numbers in decimal, addresses in
 *     lower-case 0x hex
 */
public record ChannelEvent(
    String eventId,
    boolean retracted,
    String type,
    String channelId,
    long blockNumber,
    String blockHash,
    String txHash,
    long logIndex,
    Map<String, String> fields) {

  public ChannelEvent {
    fields = fields == null ? Map.of() : Map.copyOf(new TreeMap<>(fields));
  }

  /** A freshly connected event at {@code at}. */
  public static ChannelEvent of(
      String type, String channelId, LogPosition at, Map<String, String> fields) {
    return new ChannelEvent(
        at.blockHash() + ":" + at.logIndex(),
        false,
        type,
        channelId,
        at.blockNumber(),
        at.blockHash(),
        at.transactionHash(),
        at.logIndex(),
        fields);
  }

  /** The same event, announced as no longer canonical. */
  public ChannelEvent retraction() {
    return new ChannelEvent(
        eventId, true, type, channelId, blockNumber, blockHash, txHash, logIndex, fields);
  }

  /** The Kafka key: the channel id, or the account for events that concern no channel. */
  public String key() {
    return channelId != null ? channelId : fields.getOrDefault("account", "");
  }

  public BigInteger amount(String field) {
    return new BigInteger(require(field));
  }

  public long number(String field) {
    return Long.parseLong(require(field));
  }

  public String address(String field) {
    return require(field);
  }

  private String require(String field) {
    String value = fields.get(field);
    if (value == null) {
      throw new IllegalArgumentException(type + " has no field " + field);
    }
    return value;
  }
}
