package io.vigil.router.reactive;

import io.vigil.core.protocol.Amounts;
import io.vigil.router.reactive.persistence.LinkEntity;
import java.util.List;

/**
 * What the routing server's origination and administration API takes and answers with; the JSON
 * field names are the record components.
 */
public final class RoutingAdminViews {

  private RoutingAdminViews() {}

  /**
   * A recipient's routing message for this server, signed by the client's key and good until {@code
   * expires} (epoch seconds).
   */
  public record OriginationRequest(
      String client, String hash, String amount, Long expires, String signature) {}

  /** What happened to an origination. */
  public record OriginationView(
      String outcome,
      String reason,
      String amount,
      String nextHop,
      List<String> forwardedTo,
      List<Decision.Skipped> skipped) {}

  /** A link as declared by the operator. */
  public record LinkRequest(
      LinkKind kind,
      String baseUrl,
      String unit,
      String rate,
      String feeBase,
      Long feePpm,
      String ourSpendable,
      String theirSpendable) {}

  /** A stored link. */
  public record LinkView(
      String address,
      LinkKind kind,
      String baseUrl,
      String unit,
      String rate,
      String feeBase,
      long feePpm,
      String ourSpendable,
      String theirSpendable) {

    static LinkView of(LinkEntity link) {
      return new LinkView(
          link.address,
          link.kind,
          link.baseUrl,
          link.unit,
          Amounts.text(link.rate),
          Amounts.text(link.feeBase),
          link.feePpm,
          Amounts.text(link.ourSpendable),
          Amounts.text(link.theirSpendable));
    }
  }

  /** This server's identity and bundle stream. */
  public record NodeView(
      String address,
      String tableId,
      long firstSeq,
      long lastSeq,
      String homeUnit,
      long entries,
      long queued) {}

  /** Where this server stands in each server neighbour's bundle stream. */
  public record PeerView(String peer, String tableId, long lastSeq, PeerPoller.PeerState state) {}
}
