package io.vigil.relay;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.vigil.core.chain.HubAbi;
import io.vigil.core.config.VigilConfig;
import io.vigil.core.messaging.RecordGuard;
import io.vigil.core.messaging.Topics;
import io.vigil.core.messaging.TransactionRequest;
import io.vigil.core.persistence.NativeSql;
import io.vigil.relay.persistence.RelayTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Takes {@link TransactionRequest}s from {@link Topics#TX_REQUESTS} and stores each once (by
 * request id) for the {@link Carrier} to send; a repeated request re-publishes the current outcome.
 * A record that is unreadable or that {@link RequestPolicy} refuses is stored nowhere: it goes to
 * {@link Topics#TX_REQUESTS_DLQ} with the reason ({@link RecordGuard}).
 */
@ApplicationScoped
public class RequestIntake {

  static final String CHANNEL = "relay-tx-requests";

  private final RecordGuard guard;
  private final RequestPolicy policy;
  private final RelayLedger ledger;
  private final Carrier carrier;
  private final EntityManager entityManager;
  private final Clock clock;
  private final Counter accepted;
  private final Counter repeated;

  public RequestIntake(
      RecordGuard guard,
      VigilConfig vigil,
      HubAbi abi,
      HotKeys hotKeys,
      RelayLedger ledger,
      Carrier carrier,
      EntityManager entityManager,
      Clock clock,
      MeterRegistry metrics) {
    this.guard = guard;
    this.policy = RequestPolicy.of(vigil.chain().hubAddress(), abi, hotKeys);
    this.ledger = ledger;
    this.carrier = carrier;
    this.entityManager = entityManager;
    this.clock = clock;
    this.accepted = metrics.counter("vigil_relay_requests_total", "result", "accepted");
    this.repeated = metrics.counter("vigil_relay_requests_total", "result", "repeated");
  }

  @Incoming(CHANNEL)
  @Blocking
  public Uni<Void> consume(Message<String> record) {
    return guard.take(CHANNEL, record, TransactionRequest.class, policy::admit, this::accept);
  }

  private void accept(TransactionRequest request) {
    QuarkusTransaction.requiringNew().run(() -> store(request));
    carrier.wake();
  }

  /** Stores an admitted request once; must run in a transaction. */
  void store(TransactionRequest request) {
    Instant now = clock.instant();
    int inserted =
        NativeSql.update(
            entityManager,
            "insert into relay_tx (request_id, kind, purpose, sender, target, data, value,"
                + " deadline, value_at_stake, channel_id, status, created_at, updated_at)"
                + " values (?1, 'OWN', ?2, ?3, ?4, ?5, 0, ?6, ?7, ?8, 'PENDING', ?9, ?9)"
                + " on conflict (request_id) do nothing",
            request.requestId(),
            request.purpose().name(),
            request.from().toLowerCase(Locale.ROOT),
            request.to().toLowerCase(Locale.ROOT),
            request.data(),
            request.deadline(),
            request.valueAtStake() == null ? BigInteger.ZERO : request.valueAtStake(),
            request.channelId(),
            now);
    RelayTransaction tx = RelayTransaction.findById(request.requestId());
    (inserted == 0 ? repeated : accepted).increment();
    ledger.queue(tx);
  }
}
