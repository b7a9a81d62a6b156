package io.vigil.watcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vigil.core.concurrent.PeriodicJob;
import io.vigil.core.messaging.JsonPayloads;
import io.vigil.core.messaging.TransactionRequest;
import io.vigil.core.outbox.Outbox;
import io.vigil.watcher.persistence.RequestRepository;
import io.vigil.watcher.persistence.RequestRow;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Hands the watcher's transaction requests to the relay without losing one, through the core {@link
 * Outbox}: a request is written in the same transaction as the decision that needs it, then
 * published to Kafka and marked published once acknowledged. A crash in between publishes it again
 * later; the relay sends each request id once.
 */
@ApplicationScoped
public class RequestOutbox implements PeriodicJob.Owner {

  private static final Logger LOG = Logger.getLogger(RequestOutbox.class);
  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);
  private static final int BATCH = 500;

  private final RequestRepository requests;
  private final MutinyEmitter<String> emitter;
  private final JsonPayloads<TransactionRequest> payloads;
  private final Duration interval;

  public RequestOutbox(
      RequestRepository requests,
      @Channel("watcher-tx-requests-out") MutinyEmitter<String> emitter,
      ObjectMapper json,
      WatcherConfig config) {
    this.requests = requests;
    this.emitter = emitter;
    this.payloads = new JsonPayloads<>(json, TransactionRequest.class);
    this.interval = config.outboxInterval();
  }

  @Override
  public List<PeriodicJob> periodicJobs() {
    return List.of(PeriodicJob.every("watcher.outbox", interval, this::flush));
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
        payloads.write(request));
  }

  /** Publishes every request not yet published. Call after the writing transaction committed. */
  public synchronized int flush() {
    return Outbox.publish(new Unpublished(), this::send, BATCH, ACK_TIMEOUT);
  }

  private CompletionStage<Void> send(Outbox.Pending message) {
    return emitter
        .sendMessage(
            Message.of(message.payload())
                .addMetadata(
                    OutgoingKafkaRecordMetadata.<String>builder().withKey(message.key()).build()))
        .subscribeAsCompletionStage();
  }

  /** The watcher's unpublished requests, each keyed by the account that sends it. */
  private final class Unpublished implements Outbox.Table {

    private final Map<String, String> purposes = new HashMap<>();

    @Override
    public List<Outbox.Pending> claim(int limit) {
      List<RequestRow> rows =
          QuarkusTransaction.requiringNew().call(() -> requests.unpublished(limit));
      return rows.stream()
          .map(
              row -> {
                purposes.put(row.requestId(), row.purpose());
                return new Outbox.Pending(
                    row.requestId(), payloads.read(row.payload()).from(), row.payload());
              })
          .toList();
    }

    @Override
    public void settle(List<Outbox.Pending> sent) {
      QuarkusTransaction.requiringNew()
          .run(() -> sent.forEach(message -> requests.markPublished(message.id())));
      sent.forEach(m -> LOG.infof("requested %s (%s)", m.id(), purposes.get(m.id())));
    }
  }
}
