package io.vigil.relay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.common.annotation.Blocking;
import io.vigil.core.messaging.Topics;
import io.vigil.core.messaging.TransactionOutcome.Status;
import io.vigil.core.messaging.TransactionRequest;
import io.vigil.relay.persistence.RelayTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Locale;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Takes {@link TransactionRequest}s from {@link Topics#TX_REQUESTS} and stores each once (by
 * request id) for the {@link Carrier} to send. A request that can never be sent is stored as FAILED
 * with the reason, so its sender hears about it; a repeated request re-publishes the current
 * outcome.
 */
@ApplicationScoped
public class RequestIntake {

  private static final Logger LOG = Logger.getLogger(RequestIntake.class);

  private final ObjectMapper json;
  private final HotKeys hotKeys;
  private final RelayLedger ledger;
  private final Carrier carrier;
  private final EntityManager entityManager;
  private final Counter accepted;
  private final Counter repeated;
  private final Counter unreadable;

  public RequestIntake(
      ObjectMapper json,
      HotKeys hotKeys,
      RelayLedger ledger,
      Carrier carrier,
      EntityManager entityManager,
      MeterRegistry metrics) {
    this.json = json;
    this.hotKeys = hotKeys;
    this.ledger = ledger;
    this.carrier = carrier;
    this.entityManager = entityManager;
    this.accepted = metrics.counter("vigil_relay_requests_total", "result", "accepted");
    this.repeated = metrics.counter("vigil_relay_requests_total", "result", "repeated");
    this.unreadable = metrics.counter("vigil_relay_requests_total", "result", "unreadable");
  }

  @Incoming("relay-tx-requests")
  @Blocking
  public void consume(String payload) {
    TransactionRequest request;
    try {
      request = json.readValue(payload, TransactionRequest.class);
    } catch (JsonProcessingException malformed) {
      unreadable.increment();
      LOG.warnf("skipping unreadable transaction request: %s", malformed.getOriginalMessage());
      return;
    }
    if (request.requestId() == null
        || request.requestId().isBlank()
        || request.requestId().length() > 200) {
      unreadable.increment();
      LOG.warnf("skipping transaction request without a usable request id");
      return;
    }
    storeWithRetry(request);
    carrier.wake();
  }

  /**
   * Stores the request, retrying while the database is unavailable: the record's offset is only
   * committed once it is stored (at least once), and later records wait behind it (order kept).
   */
  private void storeWithRetry(TransactionRequest request) {
    for (int attempt = 1; ; attempt++) {
      try {
        QuarkusTransaction.requiringNew().run(() -> store(request));
        return;
      } catch (RuntimeException failure) {
        if (attempt >= 30) {
          throw failure;
        }
        LOG.warnf(
            "storing request %s failed (attempt %d): %s",
            request.requestId(), attempt, failure.getMessage());
        try {
          Thread.sleep(Math.min(5000, 200L * attempt));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw failure;
        }
      }
    }
  }

  /** Stores a request once; must run in a transaction. */
  void store(TransactionRequest request) {
    Instant now = Instant.now();
    String refusal = refusal(request);
    int inserted =
        entityManager
            .createNativeQuery(
                "insert into relay_tx (request_id, kind, purpose, sender, target, data, value,"
                    + " deadline, value_at_stake, channel_id, status, created_at, updated_at)"
                    + " values (?1, 'OWN', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'PENDING', ?10, ?10)"
                    + " on conflict (request_id) do nothing")
            .setParameter(1, request.requestId())
            .setParameter(2, request.purpose() == null ? "UNKNOWN" : request.purpose().name())
            .setParameter(3, lower(request.from(), "0x"))
            .setParameter(4, lower(request.to(), "0x"))
            .setParameter(5, request.data() == null ? "0x" : request.data())
            .setParameter(6, nonNegative(request.value()))
            .setParameter(7, Math.max(0, request.deadline()))
            .setParameter(8, nonNegative(request.valueAtStake()))
            .setParameter(9, request.channelId())
            .setParameter(10, now)
            .executeUpdate();
    RelayTransaction tx = RelayTransaction.findById(request.requestId());
    if (inserted == 0) {
      repeated.increment();
      ledger.queue(tx);
      return;
    }
    accepted.increment();
    if (refusal != null) {
      ledger.record(tx, Status.FAILED, refusal, now);
    } else {
      ledger.queue(tx);
    }
  }

  private String refusal(TransactionRequest request) {
    if (request.rawTransaction() != null && !request.rawTransaction().isBlank()) {
      return "client-signed transactions are submitted through POST /v1/relay/transactions";
    }
    if (!hotKeys.serves(request.from(), request.purpose())) {
      return "from " + request.from() + " is not one of the relay's keys for " + request.purpose();
    }
    if (request.to() == null || !request.to().matches("0x[0-9a-fA-F]{40}")) {
      return "to is not an address";
    }
    if (request.data() != null && !request.data().matches("0x([0-9a-fA-F]{2})*")) {
      return "data is not hex";
    }
    if (request.value() != null && request.value().signum() < 0) {
      return "value is negative";
    }
    return null;
  }

  private static String lower(String value, String fallback) {
    return value == null ? fallback : value.toLowerCase(Locale.ROOT);
  }

  private static BigInteger nonNegative(BigInteger value) {
    return value == null || value.signum() < 0 ? BigInteger.ZERO : value;
  }
}
