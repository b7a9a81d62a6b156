package io.vigil.router.landmark;

import io.vigil.core.api.ProblemException;
import io.vigil.router.RouterProblems;
import io.vigil.router.landmark.LandmarkBodies.RoutingBody;
import io.vigil.router.landmark.LandmarkViews.ReceiptView;
import io.vigil.router.landmark.LandmarkViews.ServerView;
import io.vigil.router.reactive.NodeIdentity;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The landmark API between Vigil servers: inbound ROUTING messages, checked against the key pinned
 * for the sending server, and this server's public identity for others to pin.
 */
@Path("/v1/landmark")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class LandmarkRoutingResource {

  private final LandmarkService service;

  /** This server's address: the receiver that inbound messages sign for, and what others pin. */
  private final String address;

  public LandmarkRoutingResource(LandmarkService service, NodeIdentity identity) {
    this.service = service;
    this.address = identity.address();
  }

  /** Inbound ROUTING message from a user hosted on another Vigil server. */
  @POST
  @Path("/routing")
  @PermitAll
  public ReceiptView receive(RoutingBody body) {
    RoutingMessage message = LandmarkBodies.required(body, "body").message();
    String signer =
        RoutingSignatures.signer(body.server(), address, message, body.signature())
            .orElseThrow(
                () ->
                    ProblemException.invalidField(
                        "signature", "must be a 65-byte 0x hex personal signature of the message"));
    ReceiveOutcome outcome = service.receiveSigned(message, signer);
    return switch (outcome) {
      case ReceiveOutcome.Accepted accepted -> new ReceiptView("ACCEPTED", accepted.changedRows());
      case ReceiveOutcome.Duplicate duplicate -> new ReceiptView("DUPLICATE", 0);
      case ReceiveOutcome.UnknownUser unknown ->
          throw RouterProblems.unknown("user", "to", "no hosted user " + unknown.user());
      case ReceiveOutcome.NotAContact stranger ->
          throw ProblemException.of(
              Response.Status.FORBIDDEN,
              "not-a-contact",
              "from: " + stranger.from() + " is not a contact of " + message.to(),
              "from");
      case ReceiveOutcome.WrongServerKey wrong ->
          throw ProblemException.of(
              Response.Status.FORBIDDEN,
              "wrong-server-key",
              "signature: signed by "
                  + wrong.signer()
                  + (wrong.pinned() == null
                      ? ", but " + wrong.from() + " has no pinned server key"
                      : ", not by the key pinned for the server of " + wrong.from()),
              "signature");
      case ReceiveOutcome.SequenceJump jump ->
          throw ProblemException.of(
              Response.Status.CONFLICT,
              "sequence-jump",
              "sequence: "
                  + jump.sequence()
                  + " is more than "
                  + jump.maxJump()
                  + " above the last one received ("
                  + jump.lastSequence()
                  + ")",
              "sequence");
      case ReceiveOutcome.Malformed malformed ->
          throw ProblemException.invalidField(malformed.field(), malformed.reason());
    };
  }

  /**
   * This server's public identity: the address its ROUTING messages are signed with, which other
   * servers pin for the contacts it hosts.
   */
  @GET
  @Path("/server")
  @PermitAll
  public ServerView server() {
    return new ServerView(address);
  }
}
