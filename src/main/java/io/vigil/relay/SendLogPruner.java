package io.vigil.relay;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.vigil.core.persistence.NativeSql;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Deletes broadcast-log entries older than {@code send-log-retention}, at most once a minute.
 * Called from the carrier's thread only.
 */
@Singleton
public class SendLogPruner {

  static final Duration INTERVAL = Duration.ofMinutes(1);

  private final RelayConfig config;
  private final EntityManager entityManager;
  private final Clock clock;
  private Instant lastPrune = Instant.EPOCH;

  public SendLogPruner(RelayConfig config, EntityManager entityManager, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.entityManager = entityManager;
  }

  /** Whether a prune is due at {@code now}, the last one having run at {@code last}. */
  static boolean due(Instant last, Instant now) {
    return Duration.between(last, now).compareTo(INTERVAL) >= 0;
  }

  void prune() {
    Instant now = clock.instant();
    if (!due(lastPrune, now)) {
      return;
    }
    lastPrune = now;
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                NativeSql.update(
                    entityManager,
                    "delete from relay_send_log where finished_at < ?1",
                    now.minus(config.sendLogRetention())));
  }
}
