package io.vigil.relay;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.kafka.Record;
import io.vigil.core.messaging.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/**
 * Publishes queued outcomes on {@link Topics#TX_OUTCOMES} keyed by request id, in the order they
 * were recorded, and deletes them only once Kafka acknowledged them (at least once).
 */
@ApplicationScoped
public class OutcomePublisher {

  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(15);

  private final EntityManager entityManager;
  private final Emitter<Record<String, String>> outcomes;
  private final AtomicLong backlog = new AtomicLong();

  public OutcomePublisher(
      EntityManager entityManager,
      @Channel("relay-tx-outcomes") Emitter<Record<String, String>> outcomes,
      MeterRegistry metrics) {
    this.entityManager = entityManager;
    this.outcomes = outcomes;
    metrics.gauge("vigil_relay_outbox_backlog", backlog);
  }

  /** Publishes up to {@code limit} queued outcomes; returns how many. */
  public int publish(int limit) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              @SuppressWarnings("unchecked")
              List<Object[]> rows =
                  entityManager
                      .createNativeQuery(
                          "select id, request_id, payload from relay_outbox order by id"
                              + " limit ?1 for update skip locked")
                      .setParameter(1, limit)
                      .getResultList();
              if (rows.isEmpty()) {
                backlog.set(0);
                return 0;
              }
              List<CompletableFuture<Void>> acks = new ArrayList<>(rows.size());
              List<Long> ids = new ArrayList<>(rows.size());
              for (Object[] row : rows) {
                ids.add(((Number) row[0]).longValue());
                acks.add(
                    outcomes
                        .send(Record.of((String) row[1], (String) row[2]))
                        .toCompletableFuture());
              }
              CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                  .get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
              entityManager
                  .createNativeQuery("delete from relay_outbox where id in (?1)")
                  .setParameter(1, ids)
                  .executeUpdate();
              backlog.set(
                  rows.size() < limit
                      ? 0
                      : ((Number)
                              entityManager
                                  .createNativeQuery("select count(*) from relay_outbox")
                                  .getSingleResult())
                          .longValue());
              return rows.size();
            });
  }
}
