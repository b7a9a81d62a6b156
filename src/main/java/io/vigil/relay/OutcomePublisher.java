package io.vigil.relay;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.kafka.Record;
import io.vigil.core.concurrent.WorkerLoop;
import io.vigil.core.messaging.Topics;
import io.vigil.core.outbox.Outbox;
import io.vigil.core.persistence.JdbcTransactions;
import io.vigil.core.role.ActiveRoles;
import io.vigil.core.role.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

/**
 * Publishes queued outcomes ({@code relay_outbox}) on {@link Topics#TX_OUTCOMES} keyed by request
 * id, in the order they were recorded, through the core {@link Outbox}: a row is deleted only once
 * Kafka acknowledged it (at least once).
 *
 * <p>It runs on its own {@link WorkerLoop} ({@link RelayLoops}), woken whenever outcomes were
 * recorded (and every track interval otherwise), so waiting for Kafka's acknowledgements never
 * holds up the carrier.
 */
@ApplicationScoped
public class OutcomePublisher {

  private static final Logger LOG = Logger.getLogger(OutcomePublisher.class);
  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(15);
  private static final int BATCH = 500;

  private final AgroalDataSource dataSource;
  private final Emitter<Record<String, String>> outcomes;
  private final WorkerLoop loop;
  private final AtomicLong backlog = new AtomicLong();
  private final Counter published;
  private final Counter failures;

  public OutcomePublisher(
      AgroalDataSource dataSource,
      @Channel("relay-tx-outcomes") Emitter<Record<String, String>> outcomes,
      RelayLoops loops,
      MeterRegistry metrics) {
    this.dataSource = dataSource;
    this.outcomes = outcomes;
    this.loop =
        loops.create(
            "vigil-relay-outbox",
            () -> Outbox.drain(this::publish, BATCH),
            this::failed,
            "vigil_relay_outbox_lag_seconds");
    metrics.gauge("vigil_relay_outbox_backlog", backlog);
    this.published = metrics.counter("vigil_relay_outbox_published_total");
    this.failures = metrics.counter("vigil_relay_outbox_errors_total");
  }

  /**
   * Starts the publishing loop in a relay process. WARNING: static, with the bean as a parameter (a
   * client proxy), so that a process without the relay never creates this bean: there the relay's
   * outgoing channel is disabled (RoleChannels) and its emitter cannot be injected.
   */
  static void onStart(@Observes StartupEvent event, ActiveRoles roles, OutcomePublisher publisher) {
    if (roles.isActive(Role.RELAY)) {
      publisher.start();
    }
  }

  /** Stops the publishing loop; static for the same reason as {@link #onStart}. */
  static void onStop(@Observes ShutdownEvent event, ActiveRoles roles, OutcomePublisher publisher) {
    if (roles.isActive(Role.RELAY)) {
      publisher.stop();
    }
  }

  void start() {
    loop.start();
  }

  void stop() {
    loop.stop();
  }

  /** Seconds since the last complete publishing pass. */
  public double lagSeconds() {
    return RelayLoops.lagSeconds(loop);
  }

  public boolean running() {
    return loop.running();
  }

  /** Asks for a publishing pass now (outcomes were just recorded); cheap, from any thread. */
  public void wake() {
    loop.wake();
  }

  private void failed(RuntimeException e) {
    failures.increment();
    LOG.warnf("publishing outcomes failed, retrying: %s", e.getMessage());
  }

  /**
   * Publishes up to {@code limit} queued outcomes in one database transaction; returns how many.
   */
  public int publish(int limit) {
    int count;
    try {
      count =
          JdbcTransactions.inTransaction(
              dataSource,
              connection -> {
                int sent =
                    Outbox.publish(new OutboxRows(connection), this::send, limit, ACK_TIMEOUT);
                backlog.set(sent < limit ? 0 : count(connection));
                return sent;
              });
    } catch (SQLException e) {
      throw new IllegalStateException("publishing outcomes failed", e);
    }
    published.increment(count);
    return count;
  }

  private CompletionStage<Void> send(Outbox.Pending message) {
    return outcomes.send(Record.of(message.key(), message.payload()));
  }

  private static long count(Connection connection) throws SQLException {
    try (PreparedStatement count =
            connection.prepareStatement("select count(*) from relay_outbox");
        ResultSet rows = count.executeQuery()) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /** The {@code relay_outbox} rows, locked for one publishing transaction on {@code connection}. */
  private record OutboxRows(Connection connection) implements Outbox.Table {

    @Override
    public List<Outbox.Pending> claim(int limit) {
      List<Outbox.Pending> pending = new ArrayList<>();
      try (PreparedStatement select =
          connection.prepareStatement(
              "select id, request_id, payload from relay_outbox order by id limit ?"
                  + " for update skip locked")) {
        select.setInt(1, limit);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            pending.add(
                new Outbox.Pending(
                    Long.toString(rows.getLong(1)), rows.getString(2), rows.getString(3)));
          }
        }
      } catch (SQLException e) {
        throw new IllegalStateException("reading the relay outbox failed", e);
      }
      return pending;
    }

    @Override
    public void settle(List<Outbox.Pending> sent) {
      try (PreparedStatement delete =
          connection.prepareStatement("delete from relay_outbox where id = any(?)")) {
        Object[] ids = sent.stream().map(p -> Long.valueOf(p.id())).toArray();
        delete.setArray(1, connection.createArrayOf("bigint", ids));
        delete.executeUpdate();
      } catch (SQLException e) {
        throw new IllegalStateException("deleting published outcomes failed", e);
      }
    }
  }
}
