package io.vigil.router.reactive;

import io.vigil.core.api.ProblemException;
import io.vigil.core.auth.OpenApiSecurity;
import io.vigil.core.auth.Roles;
import io.vigil.core.net.OutboundHttp;
import io.vigil.router.reactive.RoutingAdminViews.LinkRequest;
import io.vigil.router.reactive.RoutingAdminViews.LinkView;
import io.vigil.router.reactive.RoutingAdminViews.NodeView;
import io.vigil.router.reactive.RoutingAdminViews.OriginationRequest;
import io.vigil.router.reactive.RoutingAdminViews.OriginationView;
import io.vigil.router.reactive.RoutingAdminViews.PeerView;
import io.vigil.router.reactive.persistence.BundleStore;
import io.vigil.router.reactive.persistence.EntryReader;
import io.vigil.router.reactive.persistence.LinkEntity;
import io.vigil.router.reactive.persistence.PeerCursorEntity;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * Origination and administration of the routing server: light clients originate routing messages;
 * operators declare links (neighbours, fees, rates, liquidity) and look at the node and its peers.
 */
@Path("/v1/routing")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RoutingAdminResource {

  private final RoutingCore core;
  private final NodeIdentity identity;
  private final BundleStore bundles;
  private final RouterConfig config;
  private final PeerPoller poller;
  private final EntryReader entryReader;
  private final OutboundHttp outbound;
  private final RouterClock clock;
  private final OriginationLimit originations;

  public RoutingAdminResource(
      RoutingCore core,
      NodeIdentity identity,
      BundleStore bundles,
      RouterConfig config,
      PeerPoller poller,
      EntryReader entryReader,
      OutboundHttp outbound,
      RouterClock clock,
      OriginationLimit originations) {
    this.core = core;
    this.identity = identity;
    this.bundles = bundles;
    this.config = config;
    this.poller = poller;
    this.entryReader = entryReader;
    this.outbound = outbound;
    this.clock = clock;
    this.originations = originations;
  }

  /**
   * The text a client signs (EIP-191 personal message) to originate a routing message at the server
   * whose address is {@code server}, good until {@code expires} (epoch seconds).
   */
  public static String originationText(
      String server, String hash, BigDecimal amount, long expires) {
    return "vigil-origination/2\n"
        + server
        + "\n"
        + hash
        + "\n"
        + Amounts.text(amount)
        + "\n"
        + expires;
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
    String hash = request.hash().toLowerCase(Locale.ROOT);
    if (!Validation.isHash(hash)) {
      throw ProblemException.invalidField("hash", "must be 0x followed by 64 hex digits");
    }
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
    OriginationExpiry.refusal(expires, clock.now(), config.originationMaxLifetime())
        .ifPresent(
            reason -> {
              throw ProblemException.invalidField("expires", reason);
            });
    // the text names this server: an origination signed for another one recovers another signer
    Optional<String> signer =
        BundleSignatures.recover(
            originationText(identity.address(), hash, amount, expires)
                .getBytes(StandardCharsets.UTF_8),
            request.signature());
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
    originations.admit(client);
    Origination outcome = core.originate(client, hash, amount);
    return switch (outcome) {
      case Origination.UnknownLink unknown ->
          throw ProblemException.of(
              Response.Status.NOT_FOUND,
              "unknown-link",
              "client: no link with " + unknown.client(),
              "client");
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

  @PUT
  @Path("links/{address}")
  @RolesAllowed(Roles.OPERATOR)
  @SecurityRequirement(name = OpenApiSecurity.OPERATOR)
  @Transactional
  public LinkView putLink(@PathParam("address") String rawAddress, LinkRequest request) {
    String address = RequestFields.address("address", rawAddress);
    if (request == null) {
      throw ProblemException.invalidField("body", "is required");
    }
    if (request.kind() == null) {
      throw ProblemException.invalidField("kind", "is required (SERVER or CLIENT)");
    }
    if (address.equals(identity.address())) {
      throw ProblemException.invalidField("address", "is this server's own address");
    }
    String baseUrl = request.baseUrl();
    if (request.kind() == LinkKind.SERVER
        && (baseUrl == null || !baseUrl.matches("https?://[^\\s]{1,480}"))) {
      throw ProblemException.invalidField("baseUrl", "a server link needs an http(s) base URL");
    }
    if (request.kind() == LinkKind.SERVER) {
      outbound
          .refusal(baseUrl)
          .ifPresent(
              refusal -> {
                throw ProblemException.invalidField("baseUrl", refusal.detail());
              });
    }
    if (request.kind() == LinkKind.CLIENT && baseUrl != null) {
      throw ProblemException.invalidField("baseUrl", "a client link has no base URL");
    }
    String unit = request.unit() == null ? config.homeUnit() : request.unit();
    if (!unit.matches("[A-Za-z0-9]{1,16}")) {
      throw ProblemException.invalidField("unit", "1 to 16 letters or digits");
    }
    BigDecimal rate =
        request.rate() == null ? BigDecimal.ONE : RequestFields.decimal("rate", request.rate());
    Amounts.refusal(rate)
        .ifPresent(
            reason -> {
              throw ProblemException.invalidField("rate", reason);
            });
    BigDecimal feeBase = RequestFields.nonNegative("feeBase", request.feeBase());
    long feePpm = request.feePpm() == null ? 0 : request.feePpm();
    if (feePpm < 0 || feePpm > 1_000_000_000L) {
      throw ProblemException.invalidField("feePpm", "must be between 0 and 1000000000");
    }
    BigDecimal ours = RequestFields.nonNegative("ourSpendable", request.ourSpendable());
    BigDecimal theirs = RequestFields.nonNegative("theirSpendable", request.theirSpendable());
    LinkEntity link = LinkEntity.findById(address);
    if (link == null) {
      link = new LinkEntity();
      link.address = address;
    }
    link.kind = request.kind();
    link.baseUrl = baseUrl == null ? null : baseUrl.replaceAll("/+$", "");
    link.unit = unit;
    link.rate = rate;
    link.feeBase = feeBase;
    link.feePpm = feePpm;
    link.ourSpendable = ours;
    link.theirSpendable = theirs;
    link.updatedAt = java.time.Instant.now();
    link.persist();
    return LinkView.of(link);
  }

  @GET
  @Path("links")
  @RolesAllowed(Roles.OPERATOR)
  @SecurityRequirement(name = OpenApiSecurity.OPERATOR)
  @Transactional
  public List<LinkView> links() {
    List<LinkEntity> all = LinkEntity.listAll();
    return all.stream().map(LinkView::of).toList();
  }

  @GET
  @Path("node")
  @RolesAllowed(Roles.OPERATOR)
  @SecurityRequirement(name = OpenApiSecurity.OPERATOR)
  public NodeView node() {
    BundleStore.Page page = bundles.read(1, 0);
    long[] counts = entryReader.counts();
    return new NodeView(
        identity.address(),
        page.tableId(),
        page.range().first(),
        page.range().last(),
        config.homeUnit(),
        counts[0],
        counts[1]);
  }

  @GET
  @Path("peers")
  @RolesAllowed(Roles.OPERATOR)
  @SecurityRequirement(name = OpenApiSecurity.OPERATOR)
  @Transactional
  public List<PeerView> peers() {
    List<PeerCursorEntity> cursors = PeerCursorEntity.listAll();
    return cursors.stream()
        .map(c -> new PeerView(c.peer, c.tableId, c.lastSeq, poller.state(c.peer)))
        .toList();
  }

  /** The payment completed: the entry goes and the liquidity it reserved is released. */
  @POST
  @Path("entries/{hash}/completion")
  @RolesAllowed(Roles.OPERATOR)
  @SecurityRequirement(name = OpenApiSecurity.OPERATOR)
  public Response complete(@PathParam("hash") String rawHash) {
    String hash = rawHash.toLowerCase(Locale.ROOT);
    if (!Validation.isHash(hash)) {
      throw ProblemException.invalidField("hash", "must be 0x followed by 64 hex digits");
    }
    if (!core.complete(hash)) {
      throw ProblemException.of(
          Response.Status.NOT_FOUND, "no-route", "no routing entry for this hash", "hash");
    }
    return Response.noContent().build();
  }
}
