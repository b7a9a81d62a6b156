package io.vigil.watcher;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.vigil.core.concurrent.Backoff;
import io.vigil.core.concurrent.PeriodicJob;
import io.vigil.core.messaging.TransactionOutcome;
import io.vigil.core.messaging.TransactionRequest;
import io.vigil.core.metrics.Meters;
import io.vigil.watcher.persistence.HeldState;
import io.vigil.watcher.persistence.RequestRow;
import io.vigil.watcher.persistence.WatchedChannel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Gets the newest held state of a closing channel enforced: carries out {@link BreachJudge}'s
 * verdict as a dispute or settle request, paces new attempts after FAILED ones, records what the
 * relay reports, and checks deadlines as chain time passes.
 */
@ApplicationScoped
public class Enforcer implements PeriodicJob.Owner {

  private static final Logger LOG = Logger.getLogger(Enforcer.class);

  /** Reported while no breach waits for its dispute: far beyond any alert threshold. */
  static final long NO_OPEN_BREACH = 365L * 24 * 3600;

  private final WatcherTables tables;
  private final RequestOutbox outbox;
  private final HubCalls calls;
  private final ChainHead head;
  private final Backoff failedBackoff;
  private final Duration deadlinePollInterval;
  private final Supplier<String> hunterAddress;
  private final Clock clock;

  /**
   * Per channel, how many disputes or settles FAILED in a row and when the next may be asked for.
   * Per replica: it only paces retries, nothing depends on it across restarts.
   */
  private final Map<String, Backoff.Streak> retryNotBefore = new ConcurrentHashMap<>();

  private final Counter breaches;
  private final Counter tooLate;
  private final AtomicLong deadlineSeconds = new AtomicLong(NO_OPEN_BREACH);

  public Enforcer(
      WatcherTables tables,
      RequestOutbox outbox,
      HubCalls calls,
      ChainHead head,
      WatcherConfig config,
      Clock clock,
      MeterRegistry metrics) {
    this.tables = tables;
    this.outbox = outbox;
    this.calls = calls;
    this.head = head;
    this.failedBackoff =
        Backoff.upTo(config.failedRetryInterval(), RequestLedger.MAX_BACKOFF_FACTOR);
    this.deadlinePollInterval = config.deadlinePollInterval();
    this.hunterAddress = () -> Watcher.hunter(config);
    this.clock = clock;
    this.breaches =
        Meters.counter(
            metrics,
            "vigil_watcher_breaches_total",
            "Stale closes answered with a dispute request");
    this.tooLate =
        Meters.counter(
            metrics,
            "vigil_watcher_breaches_missed_total",
            "Stale closes that reached their deadline undisputed");
    Meters.gauge(
        metrics,
        "vigil_watcher_dispute_deadline_seconds",
        "Seconds of chain time left before the nearest deadline of a stale close whose dispute"
            + " is not yet on chain",
        deadlineSeconds,
        AtomicLong::get);
  }

  /**
   * Decides what the channel needs now and writes the request for it. Must run inside the
   * transaction that changed the channel or its state. True when a request was written.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public boolean review(String channel) {
    Optional<WatchedChannel> found = tables.channels().findChannel(channel);
    if (found.isEmpty()) {
      return false;
    }
    WatchedChannel watched = found.get();
    Optional<HeldState> held = tables.states().findState(channel);
    List<RequestRow> disputes =
        tables.requests().requests(channel, TransactionRequest.Purpose.DISPUTE.name());
    List<RequestRow> settles =
        tables.requests().requests(channel, TransactionRequest.Purpose.SETTLE.name());
    Optional<String> liveDispute = RequestLedger.liveDispute(held, disputes);
    Optional<String> liveSettle = RequestLedger.liveSettle(settles);
    if (!watched.isClosing()) {
      return false;
    }
    if (held.isEmpty() && tables.outcomes().findOutcome(channel).isEmpty()) {
      return false; // not a channel Vigil watches
    }
    long chainTime = head.latest().timestamp();
    Verdict verdict = BreachJudge.judge(watched, held, liveDispute, liveSettle, chainTime);
    Backoff.Streak backoff = retryNotBefore.get(channel);
    switch (RequestLedger.pace(backoff, verdict, clock.instant())) {
      case FORGET -> retryNotBefore.remove(channel, backoff);
      case WAIT -> {
        return false;
      }
      case PROCEED -> {
        // carried out below
      }
    }
    String hunter = hunterAddress.get();
    switch (verdict) {
      case Verdict.Dispute dispute -> {
        HeldState state = held.orElseThrow();
        String nonClosing = watched.counterparty(dispute.closer());
        byte[] authorization = state.hunterAuthBy(nonClosing).orElse(new byte[0]);
        String requestId = RequestLedger.disputeId(channel, state.nonce(), disputes);
        tables.outcomes().breachSeen(channel, state.nonce(), watched.closeNonce());
        breaches.increment();
        LOG.infof(
            "stale close of %s at nonce %d; disputing with nonce %d before %d",
            channel, watched.closeNonce(), state.nonce(), dispute.deadline());
        return outbox.add(
            TransactionRequest.own(
                requestId,
                TransactionRequest.Purpose.DISPUTE,
                hunter,
                calls.hub(),
                calls.dispute(state, authorization),
                dispute.deadline(),
                dispute.valueAtStake(),
                channel),
            state.nonce());
      }
      case Verdict.Settle settle -> {
        if (settle.missedBreach()) {
          tooLate.increment();
          LOG.warnf("stale close of %s was not disputed before its deadline", channel);
        }
        return outbox.add(
            TransactionRequest.own(
                RequestLedger.settleId(channel, settles),
                TransactionRequest.Purpose.SETTLE,
                hunter,
                calls.hub(),
                calls.settle(channel),
                0,
                watched.total(),
                channel),
            null);
      }
      case Verdict.AlreadyRequested already -> {
        return false;
      }
      case Verdict.Nothing nothing -> {
        return false;
      }
    }
  }

  /** Records what the relay reports about one of the watcher's requests. */
  public void outcome(TransactionOutcome outcome) {
    boolean requested =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  Optional<RequestRow> request = tables.requests().findRequest(outcome.requestId());
                  if (request.isEmpty()) {
                    return false; // another component's request
                  }
                  RequestLedger.Triage triage =
                      RequestLedger.triage(request.get().status(), outcome.status());
                  if (triage == RequestLedger.Triage.IGNORE) {
                    return false;
                  }
                  tables
                      .requests()
                      .recordOutcome(
                          outcome.requestId(),
                          outcome.status().name(),
                          outcome.txHash(),
                          outcome.gasUsed(),
                          outcome.effectiveGasPrice(),
                          outcome.reason());
                  if (triage == RequestLedger.Triage.RECORD) {
                    return false;
                  }
                  LOG.warnf("%s %s: %s", outcome.requestId(), outcome.status(), outcome.reason());
                  String channel = tables.requests().channelOfRequest(outcome.requestId());
                  if (triage == RequestLedger.Triage.RECORD_AND_BACK_OFF) {
                    retryNotBefore.compute(
                        channel,
                        (c, was) ->
                            (was == null ? Backoff.Streak.NONE : was)
                                .failedAgain(clock.instant(), failedBackoff));
                  } else {
                    retryNotBefore.remove(channel);
                  }
                  return review(channel);
                });
    if (requested) {
      outbox.flush();
    }
  }

  /** Settles channels whose challenge period ended, and answers breaches still open. */
  @Override
  public List<PeriodicJob> periodicJobs() {
    return List.of(
        PeriodicJob.every("watcher.deadlines", deadlinePollInterval, this::checkDeadlines));
  }

  void checkDeadlines() {
    List<String> closing =
        QuarkusTransaction.requiringNew().call(tables.channels()::closingWatchedChannels);
    boolean requested = false;
    for (String channel : closing) {
      requested |= QuarkusTransaction.requiringNew().call(() -> review(channel));
    }
    if (requested) {
      outbox.flush();
    }
    long chainTime = head.latest().timestamp();
    deadlineSeconds.set(
        QuarkusTransaction.requiringNew()
            .call(tables.channels()::earliestOpenBreachDeadline)
            .map(deadline -> deadline - chainTime)
            .orElse(NO_OPEN_BREACH));
  }
}
