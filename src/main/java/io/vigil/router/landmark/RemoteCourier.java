package io.vigil.router.landmark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Delivers queued ROUTING messages to the Vigil servers hosting remote contacts, oldest first. A
 * message leaves the queue only when the other server answered; a server that cannot be reached
 * keeps its messages, in order, for the next window.
 */
@ApplicationScoped
public class RemoteCourier {

  /** Path of the inbound endpoint on every Vigil server. */
  public static final String INBOUND_PATH = "/v1/landmark/routing";

  private static final Logger LOG = Logger.getLogger(RemoteCourier.class);
  private static final int BATCH = 500;

  private final LandmarkService service;
  private final ObjectMapper json;
  private final LandmarkConfig config;
  private final HttpClient http;

  public RemoteCourier(LandmarkService service, ObjectMapper json, LandmarkConfig config) {
    this.service = service;
    this.json = json;
    this.config = config;
    this.http = HttpClient.newBuilder().connectTimeout(config.deliveryTimeout()).build();
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
            queued.server(),
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

  private int post(LandmarkStore.Queued queued) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(stripSlash(queued.server()) + INBOUND_PATH))
              .timeout(config.deliveryTimeout())
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(queued.message())))
              .build();
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a ROUTING message", e);
    } catch (IOException e) {
      LOG.debugf("cannot reach %s: %s", queued.server(), e.getMessage());
      return 503;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 503;
    }
  }

  private static String stripSlash(String server) {
    return server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
  }
}
