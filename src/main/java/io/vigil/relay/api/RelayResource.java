package io.vigil.relay.api;

import io.vigil.core.api.ProblemException;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Transaction relay API for light clients: submit, then poll the status. */
@Path("/v1/relay")
@PermitAll
@Tag(name = "Transaction relay")
@Produces(MediaType.APPLICATION_JSON)
public class RelayResource {

  private final ClientTransactions transactions;
  private final StatePosts states;

  public RelayResource(ClientTransactions transactions, StatePosts states) {
    this.transactions = transactions;
    this.states = states;
  }

  @POST
  @Path("/transactions")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Relay a client-signed hub transaction",
      description =
          "202 when stored and broadcast, 200 when the same transaction was submitted before;"
              + " 4xx problem+json otherwise, with nothing stored.")
  public Response submitRaw(RawSubmission body) {
    ClientTransactions.Submitted submitted = transactions.submit(body);
    return Response.status(submitted.created() ? 202 : 200).entity(submitted.view()).build();
  }

  @POST
  @Path("/states")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Post a co-signed state (close, checkpoint, cooperativeClose) from Vigil's account",
      description =
          "202 when stored for sending, 200 for a repeat of the same action, channel and nonce.")
  public Response submitState(StateSubmission body) {
    ClientTransactions.Submitted submitted = states.submit(body);
    return Response.status(submitted.created() ? 202 : 200).entity(submitted.view()).build();
  }

  @GET
  @Path("/transactions/{id}")
  @Operation(summary = "Status of a relayed transaction, by request id or transaction hash")
  public TransactionView status(@PathParam("id") String id) {
    if (id == null || id.length() > 200) {
      throw ClientTransactions.refuse("id", "too long");
    }
    if (id.chars().anyMatch(Character::isISOControl)) {
      // Never looked up: no request id or hash holds one, and PostgreSQL refuses a NUL in text.
      throw notFound();
    }
    return transactions.status(id).orElseThrow(RelayResource::notFound);
  }

  private static ProblemException notFound() {
    return ProblemException.of(
        Response.Status.NOT_FOUND, "not-found", "id: no such transaction", "id");
  }
}
