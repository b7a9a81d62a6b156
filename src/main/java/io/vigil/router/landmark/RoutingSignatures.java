package io.vigil.router.landmark;

import io.vigil.core.protocol.BundleSignatures;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * In charge of the text a Vigil server signs, with its node key, for each ROUTING message it sends
 * another server, and of recovering who signed an inbound one. The text names both servers by
 * address, so a message signed for one server is refused by every other.
 */
public final class RoutingSignatures {

  private RoutingSignatures() {}

  /**
   * The canonical text: a version line, the sending and the receiving server's address, then from,
   * to, the sequence and every entry in order. Each name is written as its length in UTF-8 bytes, a
   * colon and the name, so no name, however odd, can be read as another field; a missing name is
   * {@code -}.
   *
   * <pre>
   * vigil-landmark-routing/1
   * 0x&lt;sender server&gt;
   * 0x&lt;receiving server&gt;
   * 7:Charlie
   * 5:Alice
   * 3
   * 1
   * 3:Bob 7:Charlie 10 unlimited 2 7:Charlie 3:Bob
   * </pre>
   *
   * The line after the sequence is the number of entries; an entry line holds landmark, approach,
   * maxTo, maxFrom, the number of path nodes and the nodes.
   */
  public static byte[] payload(String senderServer, String receiverServer, RoutingMessage message) {
    StringBuilder text =
        new StringBuilder("vigil-landmark-routing/1\n")
            .append(senderServer)
            .append('\n')
            .append(receiverServer == null ? "-" : receiverServer)
            .append('\n');
    name(text, message.from()).append('\n');
    name(text, message.to()).append('\n');
    text.append(message.sequence()).append('\n').append(message.entries().size()).append('\n');
    for (Entry entry : message.entries()) {
      name(text, entry.landmark()).append(' ');
      name(text, entry.approach()).append(' ');
      text.append(limit(entry.maxTo()))
          .append(' ')
          .append(limit(entry.maxFrom()))
          .append(' ')
          .append(entry.path().size());
      for (String node : entry.path()) {
        name(text.append(' '), node);
      }
      text.append('\n');
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The lower-case address that signed {@code message} for {@code receiverServer}, as sent by
   * {@code senderServer}; empty when the signature is missing or unusable. A signature by another
   * key, or over other content, recovers some other address.
   */
  public static Optional<String> signer(
      String senderServer, String receiverServer, RoutingMessage message, String signature) {
    return BundleSignatures.recover(payload(senderServer, receiverServer, message), signature);
  }

  private static StringBuilder name(StringBuilder text, String name) {
    if (name == null) {
      return text.append('-');
    }
    return text.append(name.getBytes(StandardCharsets.UTF_8).length).append(':').append(name);
  }

  private static String limit(Limit limit) {
    if (limit == null) {
      return "-";
    }
    return limit.isUnlimited() ? "unlimited" : Long.toString(limit.amount());
  }
}
