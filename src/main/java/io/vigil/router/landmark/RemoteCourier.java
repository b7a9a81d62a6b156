package io.vigil.router.landmark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.core.net.OutboundHttp;
import io.vigil.core.net.Outcome;
import io.vigil.router.reactive.NodeIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Delivers queued ROUTING messages to the Vigil servers hosting remote contacts, oldest first. A
 * message leaves the queue only when the other server answered; a server that cannot be reached,
 * that the outbound policy refuses, or whose answer is over the size limit keeps its messages, in
 * order, for the next window. Each message is signed with this server's node key for the receiving
 * server's pinned key (see {@link RoutingSignatures}).
 */
@ApplicationScoped
public class RemoteCourier {

  /** Path of the inbound endpoint on every Vigil server. */
  public static final String INBOUND_PATH = "/v1/landmark/routing";

  private static final Logger LOG = Logger.getLogger(RemoteCourier.class);
  private static final int BATCH = 500;
  private static final String CALLER = "landmark-courier";

  private final LandmarkService service;
  private final ObjectMapper json;
  private final LandmarkConfig config;
  private final OutboundHttp outbound;
  private final NodeIdentity identity;

  public RemoteCourier(
      LandmarkService service,
      ObjectMapper json,
      LandmarkConfig config,
      OutboundHttp outbound,
      NodeIdentity identity) {
    this.service = service;
    this.json = json;
    this.config = config;
    this.outbound = outbound;
    this.identity = identity;
  }

  /** Delivers what is queued; returns how many messages left the queue. */
  public int deliverQueued() {
    int delivered = 0;
    Set<String> unreachable = new HashSet<>();
    for (LandmarkStore.Queued queued : service.queued(BATCH)) {
      if (unreachable.contains(queued.server())) {
        continue; // keep per-server order: nothing overtakes an undelivered message
      }
      int status = post(queued);
      if (status >= 200 && status < 300) {
        service.dequeue(queued.id());
        delivered++;
      } else if (status >= 400 && status < 500) {
        LOG.warnf(
            "%s refused ROUTING message %d from %s to %s with %d; dropped",
            OutboundHttp.forLog(queued.server()),
            queued.message().sequence(),
            queued.message().from(),
            queued.message().to(),
            status);
        service.dequeue(queued.id());
      } else {
        unreachable.add(queued.server());
      }
    }
    return delivered;
  }

  /** The server's HTTP status, or 503 when there was no usable answer. */
  private int post(LandmarkStore.Queued queued) {
    byte[] body;
    try {
      body = json.writeValueAsBytes(signed(queued));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a ROUTING message", e);
    }
    Outcome outcome =
        outbound.post(
            CALLER,
            stripSlash(queued.server()) + INBOUND_PATH,
            "application/json",
            body,
            config.deliveryTimeout());
    return outcome instanceof Outcome.Answered answered ? answered.status() : 503;
  }

  /** The wire form: the message's fields, the sending server's address and its signature. */
  private ObjectNode signed(LandmarkStore.Queued queued) {
    String signature =
        identity.sign(
            RoutingSignatures.payload(identity.address(), queued.serverKey(), queued.message()));
    ObjectNode body = json.valueToTree(queued.message());
    body.put("server", identity.address());
    body.put("signature", signature);
    return body;
  }

  private static String stripSlash(String server) {
    return server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
  }
}
