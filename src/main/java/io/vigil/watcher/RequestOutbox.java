package io.vigil.watcher;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vigil.core.messaging.TransactionRequest;
import io.vigil.core.role.RoleSchedule;
import io.vigil.watcher.persistence.RequestRepository;
import io.vigil.watcher.persistence.RequestRow;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Hands the watcher's transaction requests to the relay without losing one: a request is written in
 * the same transaction as the decision that needs it, then published to Kafka and marked published.
 * A crash in between publishes it again later; the relay sends each request id once.
 */
@ApplicationScoped
public class RequestOutbox {

  private static final Logger LOG = Logger.getLogger(RequestOutbox.class);
  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

  private final RequestRepository requests;
  private final MutinyEmitter<String> emitter;
  private final ObjectMapper json;

  public RequestOutbox(
      RequestRepository requests,
      @Channel("watcher-tx-requests-out") MutinyEmitter<String> emitter,
      ObjectMapper json) {
    this.requests = requests;
    this.emitter = emitter;
    this.json = json;
  }

  /**
   * Writes a request inside the caller's transaction; false when the id exists already.
   *
   * @param disputeNonce the held nonce a DISPUTE request puts on chain; null for other purposes
   */
  public boolean add(TransactionRequest request, Long disputeNonce) {
    return requests.addRequest(
        request.requestId(),
        request.channelId(),
        request.purpose().name(),
        disputeNonce,
        write(request));
  }

  /** Publishes every request not yet published. Call after the writing transaction committed. */
  public synchronized int flush() {
    List<RequestRow> pending =
        QuarkusTransaction.requiringNew().call(() -> requests.unpublished(500));
    int published = 0;
    for (RequestRow row : pending) {
      TransactionRequest request = read(row.payload());
      emitter
          .sendMessage(
              Message.of(row.payload())
                  .addMetadata(
                      OutgoingKafkaRecordMetadata.<String>builder()
                          .withKey(request.from())
                          .build()))
          .await()
          .atMost(ACK_TIMEOUT);
      QuarkusTransaction.requiringNew().run(() -> requests.markPublished(row.requestId()));
      LOG.infof("requested %s (%s)", row.requestId(), row.purpose());
      published++;
    }
    return published;
  }

  @Scheduled(
      identity = "watcher.outbox",
      every = "${vigil.watcher.outbox-interval:2s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = RoleSchedule.class)
  void republish() {
    try {
      flush();
    } catch (RuntimeException e) {
      LOG.warnf("publishing transaction requests failed, retrying: %s", e.toString());
    }
  }

  private String write(TransactionRequest request) {
    try {
      return json.writeValueAsString(request);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private TransactionRequest read(String payload) {
    try {
      return json.readValue(payload, TransactionRequest.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
