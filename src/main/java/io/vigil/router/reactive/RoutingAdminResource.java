package io.vigil.router.reactive;

import io.vigil.core.api.ProblemException;
import io.vigil.core.auth.OpenApiSecurity;
import io.vigil.core.auth.Roles;
import io.vigil.core.net.OutboundHttp;
import io.vigil.core.protocol.Amounts;
import io.vigil.router.reactive.RoutingAdminViews.LinkRequest;
import io.vigil.router.reactive.RoutingAdminViews.LinkView;
import io.vigil.router.reactive.RoutingAdminViews.NodeView;
import io.vigil.router.reactive.RoutingAdminViews.PeerView;
import io.vigil.router.reactive.persistence.BundleStore;
import io.vigil.router.reactive.persistence.EntryReader;
import io.vigil.router.reactive.persistence.LinkEntity;
import io.vigil.router.reactive.persistence.PeerCursorEntity;
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
import java.time.Clock;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * Administration of the routing server: the operator declares links (neighbours, fees, rates,
 * liquidity), looks at the node and its peers, and completes payments. Light clients originate
 * through {@link OriginationResource}.
 */
@Path("/v1/routing")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.OPERATOR)
@SecurityRequirement(name = OpenApiSecurity.OPERATOR)
public class RoutingAdminResource {

  private final RoutingCore core;
  private final NodeIdentity identity;
  private final BundleStore bundles;
  private final RouterConfig config;
  private final PeerPoller poller;
  private final EntryReader entryReader;
  private final OutboundHttp outbound;
  private final Clock clock;

  public RoutingAdminResource(
      RoutingCore core,
      NodeIdentity identity,
      BundleStore bundles,
      RouterConfig config,
      PeerPoller poller,
      EntryReader entryReader,
      OutboundHttp outbound,
      Clock clock) {
    this.core = core;
    this.identity = identity;
    this.bundles = bundles;
    this.config = config;
    this.poller = poller;
    this.entryReader = entryReader;
    this.outbound = outbound;
    this.clock = clock;
  }

  @PUT
  @Path("links/{address}")
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
      outbound.requireAllowed("baseUrl", baseUrl);
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
    link.update(
        new Link(
            address,
            request.kind(),
            baseUrl == null ? null : baseUrl.replaceAll("/+$", ""),
            unit,
            rate,
            new FeePolicy(feeBase, feePpm),
            ours,
            theirs),
        clock.instant());
    link.persist();
    return LinkView.of(link);
  }

  @GET
  @Path("links")
  @Transactional
  public List<LinkView> links() {
    List<LinkEntity> all = LinkEntity.listAll();
    return all.stream().map(LinkView::of).toList();
  }

  @GET
  @Path("node")
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
  public Response complete(@PathParam("hash") String rawHash) {
    String hash = RequestFields.hash("hash", rawHash);
    if (!core.complete(hash)) {
      throw ProblemException.of(
          Response.Status.NOT_FOUND, "no-route", "no routing entry for this hash", "hash");
    }
    return Response.noContent().build();
  }
}
