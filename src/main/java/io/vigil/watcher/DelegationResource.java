package io.vigil.watcher;

import io.vigil.core.api.Problem;
import io.vigil.core.api.ProblemException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The watchtower's client API: delegate a channel's latest state, read what Vigil holds. */
@Path("/v1/watcher")
@Produces(MediaType.APPLICATION_JSON)
public class DelegationResource {

  private static final Pattern BYTES32 = Pattern.compile("0x[0-9a-fA-F]{64}");

  private final Delegations delegations;
  private final ChannelStatuses statuses;
  private final StateSignatures signatures;
  private final HubCalls calls;
  private final Watcher watcher;
  private final NodeHead node;
  private final io.vigil.core.config.VigilConfig vigil;
  private final com.fasterxml.jackson.databind.ObjectMapper json;

  public DelegationResource(
      Delegations delegations,
      ChannelStatuses statuses,
      StateSignatures signatures,
      HubCalls calls,
      Watcher watcher,
      NodeHead node,
      io.vigil.core.config.VigilConfig vigil,
      com.fasterxml.jackson.databind.ObjectMapper json) {
    this.json = json;
    this.delegations = delegations;
    this.statuses = statuses;
    this.signatures = signatures;
    this.calls = calls;
    this.watcher = watcher;
    this.node = node;
    this.vigil = vigil;
  }

  /** The chain, hub, hunter address and receipt signer clients must use. */
  @GET
  @Path("/info")
  public WatcherInfo info() {
    return new WatcherInfo(
        vigil.chain().chainId().orElseGet(node::chainId),
        calls.hub(),
        watcher.hunter(),
        signatures.receiptSigner());
  }

  /**
   * Accepts a co-signed state: 201 with a signed receipt when it is new or newer, 200 with the same
   * receipt when this exact state is held already, a 4xx problem otherwise (nothing stored).
   */
  @POST
  @Path("/delegations")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response delegate(String text) {
    Delegations.Accepted accepted = delegations.delegate(parse(text));
    return Response.status(accepted.created() ? Response.Status.CREATED : Response.Status.OK)
        .entity(accepted.receipt())
        .build();
  }

  /** What Vigil holds for a channel and what it saw and did on chain. */
  @GET
  @Path("/channels/{channelId}")
  public ChannelStatus status(@PathParam("channelId") String channelId) {
    if (!BYTES32.matcher(channelId).matches()) {
      throw ProblemException.invalidField("channelId", "must be 32 bytes as 0x hex");
    }
    return statuses
        .of(channelId.toLowerCase())
        .orElseThrow(
            () ->
                ProblemException.of(
                    Response.Status.NOT_FOUND,
                    "unknown-channel",
                    "channelId: Vigil holds nothing for this channel",
                    "channelId"));
  }

  /** Reads the body here, so an unreadable one is refused naming the field at fault. */
  private Delegation parse(String text) {
    if (text == null || text.isBlank()) {
      throw ProblemException.invalidField("body", "a JSON object is required");
    }
    try {
      return json.readValue(text, Delegation.class);
    } catch (com.fasterxml.jackson.databind.JsonMappingException mapping) {
      String field =
          mapping.getPath().stream()
              .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "" + ref.getIndex())
              .collect(java.util.stream.Collectors.joining("."));
      throw ProblemException.invalidField(
          field.isEmpty() ? "body" : field, "malformed: " + mapping.getOriginalMessage());
    } catch (com.fasterxml.jackson.core.JsonProcessingException malformed) {
      throw ProblemException.invalidField(
          "body", "malformed JSON: " + malformed.getOriginalMessage());
    }
  }

  @ServerExceptionMapper
  public Response rateLimited(Delegations.RateLimited refusal) {
    Problem problem = refusal.problem();
    return Response.status(429)
        .type(Problem.MEDIA_TYPE)
        .header("Retry-After", refusal.retryAfterSeconds())
        .entity(problem)
        .build();
  }
}
