package io.vigil.router.reactive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.core.api.Problem;
import io.vigil.core.protocol.Amounts;
import io.vigil.router.reactive.persistence.EntryReader;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;

/**
 * In charge of the answers of {@code GET /messagesByHash/{hash}}: serialized once from PostgreSQL
 * and then served from a bounded in-memory cache for {@code vigil.router.answer-cache-validity}.
 *
 * <p>An answer can change (a strictly lower amount replaces an entry, a completion or a neighbour's
 * lost history removes it, a new entry follows an expired one), so nothing is kept for long. On
 * this replica, every write of {@code router_entry} invalidates the cached answers once its
 * transaction has committed, so a client never reads an older answer after a newer one from here.
 * Another replica's cache may serve the previous answer until its validity ends; that is the answer
 * the client would have read by polling that much earlier. No answer is served past its entry's
 * expiry.
 */
@ApplicationScoped
public class PollingAnswers {

  private final EntryReader entries;
  private final ObjectMapper json;
  private final Clock clock;
  private final TransactionSynchronizationRegistry transactions;
  private final String homeUnit;
  private final long validityMillis;
  private final AnswerCache cache;
  private final Counter hits;
  private final Counter misses;

  public PollingAnswers(
      EntryReader entries,
      ObjectMapper json,
      Clock clock,
      TransactionSynchronizationRegistry transactions,
      RouterConfig config,
      MeterRegistry metrics) {
    this.entries = entries;
    this.json = json;
    this.clock = clock;
    this.transactions = transactions;
    this.homeUnit = config.homeUnit();
    this.validityMillis = config.answerCacheValidity().toMillis();
    this.cache = new AnswerCache(config.answerCacheSize());
    this.hits =
        Counter.builder("vigil_router_answer_cache_requests_total")
            .tag("result", "hit")
            .register(metrics);
    this.misses =
        Counter.builder("vigil_router_answer_cache_requests_total")
            .tag("result", "miss")
            .register(metrics);
    Gauge.builder("vigil_router_answer_cache_size", cache, AnswerCache::size).register(metrics);
    FunctionCounter.builder(
            "vigil_router_answer_cache_evictions_total", cache, AnswerCache::evictions)
        .register(metrics);
  }

  /** What a client sees for a payment hash: the amount to send this server, fee included. */
  public record EntryView(
      String hash, String amount, String unit, String nextHop, String expiresAt) {}

  /** The answer for a normalized hash: 200 with an {@link EntryView}, or 404 {@code no-route}. */
  AnswerCache.Answer answer(String hash) {
    Instant now = clock.instant();
    long nowMillis = now.toEpochMilli();
    AnswerCache.Answer cached = cache.get(hash, nowMillis);
    if (cached != null) {
      hits.increment();
      return cached;
    }
    misses.increment();
    long generation = cache.generation();
    AnswerCache.Answer fresh = read(hash, now);
    cache.put(hash, fresh, generation, nowMillis);
    return fresh;
  }

  /** Drops the hash's cached answer once the current transaction has ended. */
  public void invalidateAfterCompletion(String hash) {
    afterCompletion(() -> cache.invalidate(hash));
  }

  /** Drops every cached answer once the current transaction has ended. */
  public void invalidateAllAfterCompletion() {
    afterCompletion(cache::invalidateAll);
  }

  private AnswerCache.Answer read(String hash, Instant now) {
    long validUntil = now.toEpochMilli() + validityMillis;
    return entries
        .live(hash, now)
        .map(
            entry ->
                new AnswerCache.Answer(
                    Response.Status.OK.getStatusCode(),
                    bytes(
                        new EntryView(
                            entry.hash(),
                            Amounts.text(entry.amount()),
                            homeUnit,
                            entry.nextHop(),
                            entry.expiresAt().toString())),
                    Math.min(validUntil, entry.expiresAt().toEpochMilli())))
        .orElseGet(
            () ->
                new AnswerCache.Answer(
                    Response.Status.NOT_FOUND.getStatusCode(),
                    bytes(
                        Problem.of(
                            Response.Status.NOT_FOUND,
                            "no-route",
                            "no routing message for this hash yet",
                            "hash")),
                    validUntil));
  }

  private byte[] bytes(Object value) {
    try {
      return json.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise the answer", e);
    }
  }

  /**
   * Runs the invalidation after the transaction ends, committed or not: before the commit the old
   * answer is still the stored one, and invalidating after a rollback costs one database read.
   * Outside an active transaction (none, or one already marked for rollback) it runs at once.
   */
  private void afterCompletion(Runnable invalidation) {
    if (transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
      invalidation.run();
      return;
    }
    transactions.registerInterposedSynchronization(
        new Synchronization() {
          @Override
          public void beforeCompletion() {}

          @Override
          public void afterCompletion(int status) {
            invalidation.run();
          }
        });
  }
}
