package io.vigil.watcher;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.security.identity.SecurityIdentity;
import io.vigil.core.api.Problem;
import io.vigil.core.api.ProblemException;
import io.vigil.core.api.channel.StateFields;
import io.vigil.core.auth.Callers;
import io.vigil.core.auth.OpenApiSecurity;
import io.vigil.core.auth.Roles;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** The watchtower's client API: delegate a channel's latest state, read what Vigil holds. */
@Path("/v1/watcher")
@Produces(MediaType.APPLICATION_JSON)
public class DelegationResource {

  private final Delegations delegations;
  private final ChannelStatuses statuses;
  private final StateSignatures signatures;
  private final HubCalls calls;
  private final Watcher watcher;
  private final NodeHead node;
  private final Optional<Long> configuredChainId;
  private final com.fasterxml.jackson.databind.ObjectMapper json;
  private final int maxBatch;
  private final WatcherInfo.Policy policy;
  private final SecurityIdentity caller;

  public DelegationResource(
      Delegations delegations,
      ChannelStatuses statuses,
      StateSignatures signatures,
      HubCalls calls,
      Watcher watcher,
      NodeHead node,
      io.vigil.core.config.VigilConfig vigil,
      com.fasterxml.jackson.databind.ObjectMapper json,
      WatcherConfig config,
      SecurityIdentity caller) {
    this.caller = caller;
    this.json = json;
    this.maxBatch = config.maxBatch();
    this.policy = WatcherInfo.Policy.of(WatchPolicy.from(config.policy()));
    this.delegations = delegations;
    this.statuses = statuses;
    this.signatures = signatures;
    this.calls = calls;
    this.watcher = watcher;
    this.node = node;
    this.configuredChainId = vigil.chain().chainId();
  }

  /** The chain, hub, hunter address and receipt signer clients must use, and the watch policy. */
  @GET
  @Path("/info")
  @PermitAll
  public WatcherInfo info() {
    return new WatcherInfo(
        configuredChainId.orElseGet(node::chainId),
        calls.hub(),
        watcher.hunter(),
        signatures.receiptSigner(),
        policy);
  }

  /**
   * Accepts a co-signed state: 201 with a signed receipt when it is new or newer, 200 with the same
   * receipt when this exact state is held already, a 4xx problem otherwise (nothing stored).
   */
  @POST
  @Path("/delegations")
  @PermitAll
  @Consumes(MediaType.APPLICATION_JSON)
  public Response delegate(String text) {
    Delegations.Accepted accepted = delegations.delegate(parse(text));
    return Response.status(accepted.created() ? Response.Status.CREATED : Response.Status.OK)
        .entity(accepted.receipt())
        .build();
  }

  /**
   * Accepts up to {@code vigil.watcher.max-batch} delegations at once, as a bounty hunter or a
   * client with many channels sends them. Each is checked and answered on its own, in order: a
   * result with the status the single endpoint would give and either its receipt or its problem.
   * Every accepted state is durable before the answer. A body that is not a well-formed batch is
   * refused whole, with nothing stored.
   */
  @POST
  @Path("/delegations/batch")
  @PermitAll
  @Consumes(MediaType.APPLICATION_JSON)
  public BatchResults delegateBatch(String text) {
    Batch batch = read(text, Batch.class);
    if (batch.delegations() == null) {
      throw ProblemException.invalidField("delegations", "required");
    }
    if (batch.delegations().isEmpty()) {
      throw ProblemException.invalidField("delegations", "must hold at least one delegation");
    }
    if (batch.delegations().size() > maxBatch) {
      throw ProblemException.invalidField(
          "delegations", "holds more than " + maxBatch + " delegations");
    }
    List<Delegations.Result> results = delegations.delegateAll(batch.delegations());
    List<BatchResult> answers = new ArrayList<>(results.size());
    for (Delegations.Result result : results) {
      answers.add(
          switch (result) {
            case Delegations.Result.Done done ->
                new BatchResult(
                    done.accepted().created() ? 201 : 200, done.accepted().receipt(), null);
            case Delegations.Result.Refused refused -> {
              Problem problem = refused.refusal().problem();
              yield new BatchResult(problem.status(), null, problem);
            }
          });
    }
    return new BatchResults(answers);
  }

  /** A batch of delegations. */
  public record Batch(List<Delegation> delegations) {}

  /** One answer per delegation, in the order they were sent. */
  public record BatchResults(List<BatchResult> results) {}

  /** The status the single endpoint would give, with the receipt or the problem. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record BatchResult(int status, Receipt receipt, Problem problem) {}

  /** What Vigil holds for a channel and what it saw and did on chain. */
  @GET
  @Path("/channels/{channelId}")
  @RolesAllowed({Roles.OPERATOR, Roles.CLIENT})
  @SecurityRequirement(name = OpenApiSecurity.OPERATOR)
  @SecurityRequirement(name = OpenApiSecurity.KEY_HOLDER)
  public ChannelStatus status(@PathParam("channelId") String channelId) {
    String id = StateFields.channelId(channelId, "channelId").hex();
    // A caller who is not a party learns nothing, not even whether Vigil holds the channel.
    return statuses
        .of(id, parties -> Callers.isOperatorOrOneOf(caller, parties))
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
    return read(text, Delegation.class);
  }

  private <T> T read(String text, Class<T> type) {
    if (text == null || text.isBlank()) {
      throw ProblemException.invalidField("body", "a JSON object is required");
    }
    T value;
    try {
      value = json.readValue(text, type);
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
    if (value == null) {
      // The JSON literal null reads as no object at all.
      throw ProblemException.invalidField("body", "a JSON object is required");
    }
    return value;
  }
}
