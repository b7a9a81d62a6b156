package io.vigil.router.reactive;

import io.vigil.core.api.ProblemException;
import io.vigil.core.limits.RateLimit;
import io.vigil.core.limits.RateLimiter;
import io.vigil.core.protocol.Amounts;
import io.vigil.core.protocol.Originations;
import io.vigil.router.RouterProblems;
import io.vigil.router.reactive.RoutingAdminViews.OriginationRequest;
import io.vigil.router.reactive.RoutingAdminViews.OriginationView;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Origination on the routing server: a light client signs a routing message for this server, which
 * applies it as coming from that client's link.
 */
@Path("/v1/routing")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OriginationResource {

  private final RoutingCore core;
  private final NodeIdentity identity;
  private final RouterConfig config;
  private final Clock clock;
  private final RateLimiter limiter;

  /**
   * Originations per light client, shared by every router replica. Keyed by the client whose
   * signature was checked, so nobody can spend another client's allowance.
   */
  private final RateLimit perClient;

  public OriginationResource(
      RoutingCore core,
      NodeIdentity identity,
      RouterConfig config,
      Clock clock,
      RateLimiter limiter) {
    this.core = core;
    this.identity = identity;
    this.config = config;
    this.perClient =
        RateLimit.of(
                "router.originations",
                "originations",
                config.originationRatePerClient(),
                config.originationBurstPerClient())
            .refusing("the client", "client");
    this.clock = clock;
    this.limiter = limiter;
  }

  /**
   * The text a client signs (EIP-191 personal message) to originate a routing message at the server
   * whose address is {@code server}, good until {@code expires} (epoch seconds).
   */
  public static String originationText(
      String server, String hash, BigDecimal amount, long expires) {
    return Originations.text(server, hash, amount, expires);
  }

  /**
   * A trivial answer through the same stack (role filter, JAX-RS, JSON), the yardstick the polling
   * benchmark measures {@code /messagesByHash} against.
   */
  @GET
  @Path("ping")
  @PermitAll
  @Produces(MediaType.TEXT_PLAIN)
  public String ping() {
    return "pong";
  }

  @POST
  @Path("originations")
  @PermitAll
  public OriginationView originate(OriginationRequest request) {
    if (request == null) {
      throw ProblemException.invalidField("body", "is required");
    }
    String client = RequestFields.address("client", request.client());
    if (request.hash() == null) {
      throw ProblemException.invalidField("hash", "is required");
    }
    String hash = RequestFields.hash("hash", request.hash());
    BigDecimal amount = RequestFields.decimal("amount", request.amount());
    if (amount == null) {
      throw ProblemException.invalidField("amount", "is required");
    }
    Amounts.refusal(amount)
        .ifPresent(
            reason -> {
              throw ProblemException.invalidField("amount", reason);
            });
    if (request.expires() == null) {
      throw ProblemException.invalidField("expires", "is required (epoch seconds)");
    }
    long expires = request.expires();
    OriginationExpiry.refusal(expires, clock.instant(), config.originationMaxLifetime())
        .ifPresent(
            reason -> {
              throw ProblemException.invalidField("expires", reason);
            });
    // the text names this server: an origination signed for another one recovers another signer
    Optional<String> signer =
        Originations.signer(identity.address(), hash, amount, expires, request.signature());
    if (signer.isEmpty()) {
      throw ProblemException.invalidField(
          "signature", "must be a 65-byte 0x hex personal signature of the origination text");
    }
    if (!signer.get().equals(client)) {
      throw ProblemException.of(
          Response.Status.FORBIDDEN,
          "wrong-signer",
          "signature: signed by "
              + signer.get()
              + ", not by the client "
              + client
              + " for this server ("
              + identity.address()
              + ")",
          "signature");
    }
    limiter.admit(perClient, client);
    Origination outcome = core.originate(client, hash, amount);
    return switch (outcome) {
      case Origination.UnknownLink unknown ->
          throw RouterProblems.unknown("link", "client", "no link with " + unknown.client());
      case Origination.NotAClient server ->
          throw ProblemException.invalidField(
              "client", server.client() + " is a server link, not a light client");
      case Origination.Decided decided -> view(decided.decision());
    };
  }

  private static OriginationView view(Decision decision) {
    return switch (decision) {
      case Decision.Accepted accepted ->
          new OriginationView(
              accepted.replaced().isPresent() ? "replaced" : "accepted",
              null,
              Amounts.text(accepted.entry().amount()),
              accepted.entry().nextHop(),
              accepted.forwards().stream().map(Forward::to).toList(),
              accepted.skipped());
      case Decision.Dropped dropped ->
          new OriginationView("dropped", dropped.reason().name(), null, null, List.of(), List.of());
    };
  }
}
