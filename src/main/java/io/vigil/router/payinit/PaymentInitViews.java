package io.vigil.router.payinit;

import java.util.List;

/** The bodies of {@code /v1/pay-inits}: what a sender posts and what the server answers. */
public final class PaymentInitViews {

  private PaymentInitViews() {}

  /**
   * A sender's post.
   *
   * @param recipient the recipient's address, 0x and 40 hex digits
   * @param envelope the encrypted payment initialization, 0x hex
   * @param expiresAt when the server may delete it (epoch seconds); null for the default
   */
  public record SendBody(String recipient, String envelope, Long expiresAt) {}

  /** The answer to a post: the envelope's id and when it expires (epoch seconds). */
  public record Sent(String id, long expiresAt) {}

  /** One stored envelope, as its recipient lists it. */
  public record EnvelopeView(
      String id, String sender, String envelope, long createdAt, long expiresAt) {

    static EnvelopeView of(StoredEnvelope stored) {
      return new EnvelopeView(
          stored.id().toString(),
          stored.sender(),
          io.vigil.core.protocol.PaymentInitEnvelope.toHex(stored.envelope()),
          stored.createdAt().getEpochSecond(),
          stored.expiresAt().getEpochSecond());
    }
  }

  /** The recipient's envelopes, oldest first. */
  public record EnvelopeList(List<EnvelopeView> paymentInits) {}
}
