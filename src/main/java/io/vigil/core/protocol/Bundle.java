package io.vigil.core.protocol;

import java.util.List;

/**
 * A numbered, signed bundle of routing messages, as stored and served. An empty bundle is a
 * heartbeat.
 *
 * @param node address of the server that cut it
 * @param tableId the server's table id (epoch); it changes when the server loses its history
 * @param seq sequence number, 1, 2, 3... within one table id
 * @param createdAt epoch milliseconds when it was cut
 * @param messages routing messages, each addressed to one neighbour
 * @param signature {@code 0x} r‖s‖v over {@link BundleSignatures#payload(Bundle)}
 */
public record Bundle(
    String node,
    String tableId,
    long seq,
    long createdAt,
    List<BundleMessage> messages,
    String signature) {

  /** This bundle with {@code signature} in place of its own; every other field is kept. */
  public Bundle withSignature(String signature) {
    return new Bundle(node, tableId, seq, createdAt, messages, signature);
  }
}
