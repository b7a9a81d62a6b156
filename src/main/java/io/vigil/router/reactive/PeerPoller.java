package io.vigil.router.reactive;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.vigil.core.concurrent.Backoff;
import io.vigil.core.concurrent.PeriodicJob;
import io.vigil.core.net.OutboundHttp;
import io.vigil.core.net.Outcome;
import io.vigil.core.protocol.Bundle;
import io.vigil.core.protocol.BundleSignatures;
import io.vigil.router.reactive.persistence.LinkEntity;
import io.vigil.router.reactive.persistence.PeerCursorEntity;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * In charge of fetching the bundles of every server neighbour: from the last seq it processed,
 * verifying each bundle's signature against the neighbour's address, handing them to the core,
 * re-asking after gaps, resynchronising when the neighbour's table id changes, and backing off from
 * neighbours that are unreachable or misbehave. Lag per neighbour is exported as metrics.
 *
 * <p>Neighbours are called through {@link OutboundHttp}: only allowed destinations, bounded pages.
 * A page over the size limit halves the range asked for next (down to one bundle), and successes
 * grow it back. What a neighbour sends is never shown on an API answer: the poller's state keeps a
 * reason code, and the neighbour's text goes only to the log.
 */
@ApplicationScoped
public class PeerPoller implements PeriodicJob.Owner {

  private static final Logger LOG = Logger.getLogger(PeerPoller.class);
  private static final int ROUNDS_PER_TICK = 10;
  private static final String CALLER = "peer-poller";

  /** Longest table id accepted from a neighbour (a UUID, as this server writes its own). */
  static final int MAX_TABLE_ID = 36;

  private final RoutingCore core;
  private final RouterConfig config;
  private final Clock clock;
  private final MeterRegistry metrics;
  private final ObjectMapper json;
  private final OutboundHttp outbound;
  private final Map<String, PeerState> states = new ConcurrentHashMap<>();

  public PeerPoller(
      RoutingCore core,
      RouterConfig config,
      Clock clock,
      MeterRegistry metrics,
      ObjectMapper json,
      OutboundHttp outbound) {
    this.core = core;
    this.config = config;
    this.clock = clock;
    this.metrics = metrics;
    this.json = json.copy().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    this.outbound = outbound;
  }

  /** The page a neighbour answers on {@code /messageBundles}. */
  public record BundlePage(
      String node, String tableId, long firstSeq, long lastSeq, List<Bundle> bundles) {}

  /**
   * Health of one neighbour, as seen by this replica. {@code lastError} is a reason code ({@code
   * timeout}, {@code http-503}, {@code too-large}, {@code refused}, {@code malformed}, {@code
   * wrong-signature}, ...), never text the neighbour sent.
   */
  public static final class PeerState {
    volatile int failures;
    volatile Instant nextAttempt = Instant.EPOCH;
    volatile Instant lastSuccess;
    volatile long lagBundles;
    volatile String lastError;

    /** Bundles asked for per request; 0 until a page was too large. */
    volatile int range;

    public int getFailures() {
      return failures;
    }

    public Instant getLastSuccess() {
      return lastSuccess;
    }

    public long getLagBundles() {
      return lagBundles;
    }

    public String getLastError() {
      return lastError;
    }
  }

  public PeerState state(String peer) {
    return states.get(peer);
  }

  @Override
  public List<PeriodicJob> periodicJobs() {
    return List.of(PeriodicJob.every("router.peer-poll", config.pollInterval(), this::pollAll));
  }

  void pollAll() {
    List<LinkEntity> peers =
        QuarkusTransaction.requiringNew()
            .call(() -> LinkEntity.<LinkEntity>list("kind", LinkKind.SERVER));
    for (LinkEntity peer : peers) {
      PeerState state = stateOf(peer.address);
      if (clock.instant().isBefore(state.nextAttempt)) {
        continue;
      }
      if (Thread.currentThread().isInterrupted()) {
        return;
      }
      try {
        poll(peer.address, peer.baseUrl, state);
      } catch (RuntimeException failed) {
        fail(peer.address, state, "error", failed.toString());
      }
    }
  }

  private void poll(String peer, String baseUrl, PeerState state) {
    for (int round = 0; round < ROUNDS_PER_TICK; round++) {
      Optional<PeerCursorEntity> cursor =
          QuarkusTransaction.requiringNew()
              .call(() -> PeerCursorEntity.<PeerCursorEntity>findByIdOptional(peer));
      long from = cursor.map(c -> c.lastSeq + 1).orElse(1L);
      int range = state.range == 0 ? config.bundleRangeCap() : state.range;
      long to = from + range - 1;
      Outcome outcome =
          outbound.get(
              CALLER, baseUrl + "/messageBundles/" + from + "/" + to, config.requestTimeout());
      Outcome.Answered response;
      switch (outcome) {
        case Outcome.Answered answered -> response = answered;
        case Outcome.Refused refused -> {
          fail(peer, state, "refused", refused.refusal().detail());
          return;
        }
        case Outcome.TooLarge tooLarge -> {
          state.range = narrower(range);
          fail(peer, state, "too-large", "a page of " + range + " bundles over the size limit");
          return;
        }
        case Outcome.Failed failed -> {
          fail(peer, state, failed.reason(), failed.reason());
          return;
        }
      }
      if (response.status() == 410) {
        // the range we need was trimmed: continue from the first stored bundle
        Optional<Long> first =
            response.headers().firstValue(RoutingResource.FIRST_SEQ).flatMap(PeerPoller::number);
        Optional<String> tableId =
            response.headers().firstValue(RoutingResource.TABLE_ID).filter(PeerPoller::isTableId);
        if (first.isEmpty() || first.get() < 1 || tableId.isEmpty()) {
          fail(peer, state, "malformed", "410 without a valid first seq and table id");
          return;
        }
        boolean newTable = cursor.isEmpty() || !cursor.get().tableId.equals(tableId.get());
        resync(peer, tableId.get(), first.get(), newTable && cursor.isPresent());
        continue;
      }
      if (response.status() != 200) {
        fail(peer, state, "http-" + response.status(), "HTTP " + response.status());
        return;
      }
      BundlePage page;
      try {
        page = json.readValue(response.body(), BundlePage.class);
      } catch (IOException unreadable) {
        fail(peer, state, "malformed", unreadable.getMessage());
        return;
      }
      if (page == null || page.bundles() == null || !isTableId(page.tableId())) {
        fail(peer, state, "malformed", "a page without a table id or bundles");
        return;
      }
      if (!peer.equals(page.node())) {
        reject(peer, state, "wrong-node", "answered as " + page.node());
        return;
      }
      if (cursor.isEmpty() || !cursor.get().tableId.equals(page.tableId())) {
        resync(peer, page.tableId(), page.firstSeq(), cursor.isPresent());
        continue;
      }
      for (Bundle bundle : page.bundles()) {
        Optional<String> reason = refusal(peer, page.tableId(), bundle);
        if (reason.isPresent()) {
          reject(peer, state, reason.get(), "bundle " + bundle.seq() + ": " + reason.get());
          return;
        }
      }
      long last = cursor.get().lastSeq;
      int applied = core.applyBundles(peer, page.tableId(), last, page.bundles());
      long now = last + applied;
      if (applied < page.bundles().size() || (page.bundles().isEmpty() && page.lastSeq() >= from)) {
        metrics.counter("vigil_router_peer_gaps_total", "peer", peer).increment();
      }
      state.failures = 0;
      state.lastError = null;
      state.lastSuccess = clock.instant();
      state.nextAttempt = Instant.EPOCH;
      if (state.range != 0 && applied > 0) {
        state.range = wider(state.range, config.bundleRangeCap());
      }
      state.lagBundles = Math.max(0, page.lastSeq() - now);
      if (applied == 0 || state.lagBundles == 0) {
        return;
      }
    }
  }

  private void resync(String peer, String tableId, long firstSeq, boolean lostHistory) {
    int dropped = core.resync(peer, tableId, firstSeq, lostHistory);
    if (lostHistory) {
      metrics.counter("vigil_router_peer_resyncs_total", "peer", peer).increment();
      LOG.infof(
          "neighbour %s started table %s: dropped %d routes through it, reading from seq %d",
          peer, tableId, dropped, firstSeq);
    }
  }

  /** The range to ask for after a page of {@code range} bundles was too large: half, at least 1. */
  static int narrower(int range) {
    return Math.max(1, range / 2);
  }

  /** The range to ask for after a success: double, at most the cap. */
  static int wider(int range, int cap) {
    return (int) Math.min(cap, 2L * range);
  }

  private static boolean isTableId(String tableId) {
    return tableId != null
        && !tableId.isEmpty()
        && tableId.length() <= MAX_TABLE_ID
        && tableId.chars().allMatch(c -> c > 0x20 && c < 0x7f);
  }

  private static Optional<Long> number(String text) {
    try {
      return Optional.of(Long.parseLong(text.strip()));
    } catch (NumberFormatException notANumber) {
      return Optional.empty();
    }
  }

  /** Why a bundle cannot be trusted, or empty when it was signed by the neighbour. */
  static Optional<String> refusal(String peer, String tableId, Bundle bundle) {
    if (!peer.equals(bundle.node()) || !tableId.equals(bundle.tableId())) {
      return Optional.of("wrong-origin");
    }
    if (bundle.signature() == null || bundle.messages() == null) {
      return Optional.of("unsigned");
    }
    Optional<String> signer = BundleSignatures.signer(bundle);
    if (signer.isEmpty()) {
      return Optional.of("unsigned");
    }
    if (!signer.get().equals(peer)) {
      return Optional.of("wrong-signature");
    }
    return Optional.empty();
  }

  private void reject(String peer, PeerState state, String reason, String detail) {
    metrics
        .counter("vigil_router_bundles_rejected_total", "peer", peer, "reason", reason)
        .increment();
    fail(peer, state, reason, detail);
  }

  /**
   * Records a failed poll under a reason code. {@code detail} may hold the neighbour's own text: it
   * goes to the log only, made safe for it.
   */
  private void fail(String peer, PeerState state, String reason, String detail) {
    state.failures++;
    state.lastError = reason;
    Duration wait = backoff(config.pollInterval(), config.maxBackoff()).after(state.failures);
    state.nextAttempt = clock.instant().plus(wait);
    metrics
        .counter("vigil_router_peer_poll_failures_total", "peer", peer, "reason", reason)
        .increment();
    LOG.debugf(
        "polling %s failed (%s: %s), next attempt in %s",
        peer, reason, OutboundHttp.forLog(detail), wait);
  }

  /**
   * The wait before polling a failing neighbour again: the poll interval, doubled per failure in a
   * row, never longer than {@code max} (even when the interval itself is).
   */
  static Backoff backoff(Duration pollInterval, Duration max) {
    return new Backoff(pollInterval.compareTo(max) < 0 ? pollInterval : max, max);
  }

  private PeerState stateOf(String peer) {
    return states.computeIfAbsent(
        peer,
        address -> {
          PeerState state = new PeerState();
          Gauge.builder("vigil_router_peer_lag_bundles", state, s -> s.lagBundles)
              .tag("peer", address)
              .description("bundles the neighbour has stored that this server has not processed")
              .register(metrics);
          Gauge.builder(
                  "vigil_router_peer_lag_seconds",
                  state,
                  s ->
                      s.lastSuccess == null
                          ? Double.NaN
                          : Duration.between(s.lastSuccess, clock.instant()).toMillis() / 1000.0)
              .tag("peer", address)
              .description("seconds since the neighbour's bundles were last fetched successfully")
              .register(metrics);
          return state;
        });
  }
}
