package io.vigil.core.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Test-only producer and consumer of the probe topic; the consumer records into the inbox. */
@ApplicationScoped
public class ProbeRoundTrip {

  static final String CONSUMER = "probe";

  private final Emitter<String> emitter;
  private final Inbox inbox;

  public ProbeRoundTrip(@Channel("probe-out") Emitter<String> emitter, Inbox inbox) {
    this.emitter = emitter;
    this.inbox = inbox;
  }

  public void send(String id) {
    emitter.send(id).toCompletableFuture().join();
  }

  @Incoming("probe-in")
  @Transactional
  void receive(String id) {
    inbox.firstDelivery(CONSUMER, id);
  }
}
