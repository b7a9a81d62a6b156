package io.vigil.router.payinit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import io.vigil.core.api.Problem;
import io.vigil.core.api.ProblemException;
import io.vigil.core.auth.Callers;
import io.vigil.core.auth.OpenApiSecurity;
import io.vigil.core.auth.Roles;
import io.vigil.core.limits.RateLimit;
import io.vigil.core.limits.RateLimiter;
import io.vigil.core.metrics.Meters;
import io.vigil.core.protocol.PaymentInitEnvelope;
import io.vigil.router.RouterProblems;
import io.vigil.router.payinit.PaymentInitViews.EnvelopeList;
import io.vigil.router.payinit.PaymentInitViews.EnvelopeView;
import io.vigil.router.payinit.PaymentInitViews.SendBody;
import io.vigil.router.payinit.PaymentInitViews.Sent;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * Payment-initialization delivery: a sender posts an envelope encrypted to a recipient's key, the
 * recipient lists its own and deletes each once read. Only ciphertext is stored; only the recipient
 * (the key holder whose address it names) sees or deletes it, anyone else gets the 404 of an
 * unknown envelope. Every refusal writes nothing.
 */
@Path("/v1/pay-inits")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.OPERATOR, Roles.CLIENT})
@SecurityRequirement(name = OpenApiSecurity.OPERATOR)
@SecurityRequirement(name = OpenApiSecurity.KEY_HOLDER)
public class PaymentInitResource {

  private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

  private final PaymentInitStore store;
  private final PaymentInitConfig config;
  private final RateLimiter limiter;
  private final Clock clock;
  private final SecurityIdentity caller;
  private final Counter posted;

  /** Posts per sender, shared by every router replica, keyed by the sender's proven address. */
  private final RateLimit perSender;

  public PaymentInitResource(
      PaymentInitStore store,
      PaymentInitConfig config,
      RateLimiter limiter,
      Clock clock,
      SecurityIdentity caller,
      MeterRegistry metrics) {
    this.store = store;
    this.config = config;
    this.limiter = limiter;
    this.clock = clock;
    this.caller = caller;
    this.perSender =
        RateLimit.of(
                "router.pay-inits",
                "payment initializations",
                config.ratePerSender(),
                config.burstPerSender())
            .refusing("the sender", "sender");
    this.posted =
        Meters.counter(
            metrics, "vigil_payinit_posted_total", "Payment initializations stored for delivery");
  }

  /** 201 with the envelope's id and expiry; 400/413 naming the field; 429 over a limit. */
  @POST
  public Response send(SendBody body) {
    String sender = keyHolder("sends");
    if (body == null) {
      throw ProblemException.invalidField("body", "is required");
    }
    if (body.recipient() == null || !ADDRESS.matcher(body.recipient()).matches()) {
      throw ProblemException.invalidField(
          "recipient", "the recipient's address: 0x followed by 40 hex digits");
    }
    String recipient = body.recipient().toLowerCase(Locale.ROOT);
    byte[] envelope = envelope(body.envelope());
    Instant now = clock.instant();
    Instant expiresAt =
        switch (Lifetimes.decide(
            body.expiresAt(), now, config.defaultLifetime(), config.maxLifetime())) {
          case Lifetimes.Expiry.At at -> at.expiresAt();
          case Lifetimes.Expiry.Refused refused ->
              throw ProblemException.invalidField("expiresAt", refused.reason());
        };
    limiter.admit(perSender, sender);
    StoredEnvelope stored =
        new StoredEnvelope(UUID.randomUUID(), recipient, sender, envelope, now, expiresAt);
    return switch (store.add(stored, config.maxPerRecipient())) {
      case PaymentInitStore.Admission.Added added -> {
        posted.increment();
        yield Response.status(Response.Status.CREATED)
            .entity(new Sent(added.envelope().id().toString(), expiresAt.getEpochSecond()))
            .build();
      }
      case PaymentInitStore.Admission.Full full ->
          throw new ProblemException(
              Problem.of(
                  Response.Status.TOO_MANY_REQUESTS,
                  "recipient-full",
                  "recipient: holds "
                      + full.held()
                      + " undelivered payment initializations, the limit"
                      + " (vigil.payinit.max-per-recipient); retry once it fetches them or the"
                      + " oldest expires",
                  "recipient"),
              Math.max(1, full.retryAfter().toSeconds()));
    };
  }

  /** The caller's own envelopes, oldest first. */
  @GET
  public EnvelopeList list() {
    String recipient = keyHolder("lists its own");
    return new EnvelopeList(
        store.list(recipient, clock.instant(), config.maxPerRecipient()).stream()
            .map(EnvelopeView::of)
            .toList());
  }

  /**
   * 204 once the recipient (or the operator) deleted it; 404 for an envelope that is not the
   * caller's, whether it exists or not, and nothing changes.
   */
  @DELETE
  @Path("/{id}")
  public Response delete(@PathParam("id") String id) {
    Optional<UUID> parsed = uuid(id);
    boolean deleted;
    if (Callers.isOperator(caller)) {
      deleted = parsed.map(store::deleteAny).orElse(false);
    } else {
      String recipient = keyHolder("deletes its own");
      deleted = parsed.map(key -> store.delete(key, recipient)).orElse(false);
    }
    if (!deleted) {
      throw RouterProblems.unknown("payment-init", "id", "no payment initialization " + id);
    }
    return Response.noContent().build();
  }

  /** The caller's address; the operator holds none, so it may not send or list (403). */
  private String keyHolder(String what) {
    return Callers.address(caller)
        .orElseThrow(
            () ->
                new ForbiddenException(
                    "only a key holder " + what + " payment initializations (not the operator)"));
  }

  private static byte[] envelope(String hex) {
    if (hex == null) {
      throw ProblemException.invalidField("envelope", "is required (0x hex)");
    }
    if (hex.length() > 2 + 2 * PaymentInitEnvelope.MAX_BYTES) {
      throw tooLarge();
    }
    byte[] bytes =
        PaymentInitEnvelope.fromHex(hex)
            .orElseThrow(
                () -> ProblemException.invalidField("envelope", "must be 0x and hex digits"));
    Optional<String> refusal = PaymentInitEnvelope.refusal(bytes);
    if (refusal.isPresent()) {
      throw ProblemException.invalidField("envelope", refusal.get());
    }
    return bytes;
  }

  private static ProblemException tooLarge() {
    return ProblemException.of(
        Response.Status.REQUEST_ENTITY_TOO_LARGE,
        "too-large",
        "envelope: larger than " + PaymentInitEnvelope.MAX_BYTES + " bytes",
        "envelope");
  }

  private static Optional<UUID> uuid(String id) {
    try {
      return Optional.of(UUID.fromString(id));
    } catch (IllegalArgumentException notAnId) {
      return Optional.empty();
    }
  }
}
