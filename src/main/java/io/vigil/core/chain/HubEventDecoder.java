package io.vigil.core.chain;

import io.vigil.core.channel.ChannelId;
import io.vigil.core.crypto.Address;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.web3j.protocol.core.methods.response.Log;

/**
 * Decodes the hub's logs into {@link HubEvent} records. The event signatures come from the
 * committed ABI ({@link HubAbi}), so a renamed or reshaped event fails at class load rather than
 * decoding wrongly.
 */
public final class HubEventDecoder {

  private enum Kind {
    OPENED,
    DEPOSITED,
    CHECKPOINTED,
    CLOSE_STARTED,
    DISPUTED,
    SETTLED,
    COOPERATIVELY_CLOSED,
    WITHDRAWN
  }

  private static final Map<String, Kind> BY_TOPIC =
      Map.of(
          topic("ChannelOpened"), Kind.OPENED,
          topic("Deposited"), Kind.DEPOSITED,
          topic("Checkpointed"), Kind.CHECKPOINTED,
          topic("CloseStarted"), Kind.CLOSE_STARTED,
          topic("Disputed"), Kind.DISPUTED,
          topic("Settled"), Kind.SETTLED,
          topic("CooperativelyClosed"), Kind.COOPERATIVELY_CLOSED,
          topic("Withdrawn"), Kind.WITHDRAWN);

  /** topic0 of every hub event, for log filters. */
  public static List<String> topics() {
    return List.copyOf(BY_TOPIC.keySet());
  }

  /**
   * The event in {@code log}, or empty when the log is not one of the hub's events (another
   * contract's, or malformed).
   */
  public Optional<HubEvent> decode(Log log) {
    List<String> topics = log.getTopics();
    if (topics == null || topics.isEmpty()) {
      return Optional.empty();
    }
    Kind kind = BY_TOPIC.get(topics.get(0).toLowerCase(Locale.ROOT));
    if (kind == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(decode(kind, topics, words(log.getData()), position(log)));
    } catch (RuntimeException malformed) {
      return Optional.empty();
    }
  }

  private static HubEvent decode(Kind kind, List<String> topics, String[] data, LogPosition at) {
    return switch (kind) {
      case OPENED ->
          new HubEvent.ChannelOpened(
              channel(topics, 3),
              address(topics.get(2)),
              address(topics.get(3)),
              uint(data, 0, 3),
              uint(data, 1, 3).longValueExact(),
              uint(data, 2, 3),
              at);
      case DEPOSITED ->
          new HubEvent.Deposited(
              channel(topics, 2), address(topics.get(2)), uint(data, 0, 2), uint(data, 1, 2), at);
      case CHECKPOINTED ->
          new HubEvent.Checkpointed(channel(topics, 1), uint(data, 0, 1).longValueExact(), at);
      case CLOSE_STARTED ->
          new HubEvent.CloseStarted(
              channel(topics, 2),
              address(topics.get(2)),
              address(data, 0, 4),
              address(data, 1, 4),
              uint(data, 2, 4).longValueExact(),
              uint(data, 3, 4).longValueExact(),
              at);
      case DISPUTED ->
          new HubEvent.Disputed(
              channel(topics, 2),
              address(topics.get(2)),
              uint(data, 0, 2).longValueExact(),
              address(data, 1, 2),
              at);
      case SETTLED ->
          new HubEvent.Settled(
              channel(topics, 1),
              uint(data, 0, 4),
              uint(data, 1, 4),
              uint(data, 2, 4),
              address(data, 3, 4),
              at);
      case COOPERATIVELY_CLOSED ->
          new HubEvent.CooperativelyClosed(
              channel(topics, 1),
              uint(data, 0, 3).longValueExact(),
              uint(data, 1, 3),
              uint(data, 2, 3),
              at);
      case WITHDRAWN -> {
        requireTopics(topics, 1);
        yield new HubEvent.Withdrawn(address(topics.get(1)), uint(data, 0, 1), at);
      }
    };
  }

  private static ChannelId channel(List<String> topics, int indexed) {
    requireTopics(topics, indexed);
    return ChannelId.of(topics.get(1));
  }

  private static void requireTopics(List<String> topics, int indexed) {
    if (topics.size() != indexed + 1) {
      throw new IllegalArgumentException("expected " + indexed + " indexed topics");
    }
  }

  private static String[] words(String data) {
    String hex = data == null ? "" : data.replaceFirst("^0x", "");
    if (hex.length() % 64 != 0) {
      throw new IllegalArgumentException("log data is not whole words");
    }
    String[] words = new String[hex.length() / 64];
    for (int i = 0; i < words.length; i++) {
      words[i] = hex.substring(64 * i, 64 * (i + 1));
    }
    return words;
  }

  private static BigInteger uint(String[] data, int index, int expectedWords) {
    if (data.length != expectedWords) {
      throw new IllegalArgumentException("expected " + expectedWords + " data words");
    }
    return new BigInteger(data[index], 16);
  }

  private static Address address(String[] data, int index, int expectedWords) {
    return address(uint(data, index, expectedWords));
  }

  private static Address address(String topic) {
    return address(new BigInteger(topic.replaceFirst("^0x", ""), 16));
  }

  private static Address address(BigInteger word) {
    if (word.bitLength() > 160) {
      throw new IllegalArgumentException("not an address word");
    }
    return Address.of(String.format("0x%040x", word));
  }

  private static LogPosition position(Log log) {
    return LogPosition.of(
        log.getBlockNumber().longValueExact(),
        log.getBlockHash(),
        log.getTransactionHash(),
        log.getLogIndex().longValueExact());
  }

  private static String topic(String event) {
    return HubAbi.hub()
        .eventTopic(event)
        .orElseThrow(() -> new IllegalStateException("the hub's ABI has no event " + event));
  }
}
