package io.vigil.relay;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.kafka.Record;
import io.vigil.core.messaging.Topics;
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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

/**
 * Publishes queued outcomes on {@link Topics#TX_OUTCOMES} keyed by request id, in the order they
 * were recorded, and deletes them only once Kafka acknowledged them (at least once).
 *
 * <p>It runs on its own thread, woken whenever outcomes were recorded (and every track interval
 * otherwise), so waiting for Kafka's acknowledgements never holds up the carrier's tracking.
 */
@ApplicationScoped
public class OutcomePublisher {

  private static final Logger LOG = Logger.getLogger(OutcomePublisher.class);
  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(15);
  private static final int BATCH = 500;

  private final AgroalDataSource dataSource;
  private final Emitter<Record<String, String>> outcomes;
  private final RelayConfig config;
  private final AtomicLong backlog = new AtomicLong();
  private final AtomicLong lastPassMillis = new AtomicLong(System.currentTimeMillis());
  private final BlockingQueue<Boolean> wakeups = new ArrayBlockingQueue<>(1);
  private final Counter published;
  private final Counter failures;

  private volatile boolean running;
  private Thread thread;

  public OutcomePublisher(
      AgroalDataSource dataSource,
      @Channel("relay-tx-outcomes") Emitter<Record<String, String>> outcomes,
      RelayConfig config,
      MeterRegistry metrics) {
    this.dataSource = dataSource;
    this.outcomes = outcomes;
    this.config = config;
    metrics.gauge("vigil_relay_outbox_backlog", backlog);
    metrics.gauge(
        "vigil_relay_outbox_lag_seconds",
        lastPassMillis,
        last -> (System.currentTimeMillis() - last.get()) / 1000.0);
    this.published = metrics.counter("vigil_relay_outbox_published_total");
    this.failures = metrics.counter("vigil_relay_outbox_errors_total");
  }

  /**
   * Starts the publishing thread in a relay process. WARNING: static, with the bean as a parameter
   * (a client proxy), so that a process without the relay never creates this bean: there the
   * relay's outgoing channel is disabled (RoleChannels) and its emitter cannot be injected.
   */
  static void onStart(@Observes StartupEvent event, ActiveRoles roles, OutcomePublisher publisher) {
    if (roles.isActive(Role.RELAY)) {
      publisher.start();
    }
  }

  /** Stops the publishing thread; static for the same reason as {@link #onStart}. */
  static void onStop(@Observes ShutdownEvent event, ActiveRoles roles, OutcomePublisher publisher) {
    if (roles.isActive(Role.RELAY)) {
      publisher.stop();
    }
  }

  void start() {
    running = true;
    thread = new Thread(this::run, "vigil-relay-outbox");
    thread.setDaemon(true);
    thread.start();
  }

  void stop() {
    running = false;
    wake();
    if (thread != null) {
      try {
        thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Seconds since the last complete publishing pass. */
  public double lagSeconds() {
    return (System.currentTimeMillis() - lastPassMillis.get()) / 1000.0;
  }

  public boolean running() {
    return running && thread != null && thread.isAlive();
  }

  /** Asks for a publishing pass now (outcomes were just recorded); cheap, from any thread. */
  public void wake() {
    wakeups.offer(Boolean.TRUE);
  }

  private void run() {
    while (running) {
      try {
        while (publish(BATCH) == BATCH) {
          // drain the backlog
        }
        lastPassMillis.set(System.currentTimeMillis());
      } catch (RuntimeException e) {
        failures.increment();
        LOG.warnf("publishing outcomes failed, retrying: %s", e.getMessage());
      }
      try {
        wakeups.poll(config.trackInterval().toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Publishes up to {@code limit} queued outcomes; returns how many. */
  public int publish(int limit) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        int count = publish(connection, limit);
        connection.commit();
        published.increment(count);
        return count;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("publishing outcomes failed", e);
    }
  }

  /** Within one database transaction: lock, send, await Kafka's acknowledgements, delete. */
  private int publish(Connection connection, int limit) throws SQLException {
    List<Long> ids = new ArrayList<>();
    List<CompletableFuture<Void>> acks = new ArrayList<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "select id, request_id, payload from relay_outbox order by id limit ?"
                + " for update skip locked")) {
      select.setInt(1, limit);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getLong(1));
          acks.add(
              outcomes.send(Record.of(rows.getString(2), rows.getString(3))).toCompletableFuture());
        }
      }
    }
    if (ids.isEmpty()) {
      backlog.set(0);
      return 0;
    }
    try {
      CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
          .get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Kafka", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Kafka did not acknowledge the outcomes: " + e, e);
    }
    try (PreparedStatement delete =
        connection.prepareStatement("delete from relay_outbox where id = any(?)")) {
      delete.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
      delete.executeUpdate();
    }
    if (ids.size() < limit) {
      backlog.set(0);
    } else {
      try (PreparedStatement count =
              connection.prepareStatement("select count(*) from relay_outbox");
          ResultSet rows = count.executeQuery()) {
        rows.next();
        backlog.set(rows.getLong(1));
      }
    }
    return ids.size();
  }
}
