package io.vigil.watcher;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.vigil.core.chain.ChainBlock;
import io.vigil.core.chain.ChainListener;
import io.vigil.core.messaging.ChannelEvent;
import io.vigil.core.messaging.Inbox;
import io.vigil.core.messaging.TransactionOutcome;
import io.vigil.core.messaging.TransactionRequest;
import io.vigil.core.role.RoleSchedule;
import io.vigil.watcher.persistence.HeldState;
import io.vigil.watcher.persistence.RequestRow;
import io.vigil.watcher.persistence.WatchedChannel;
import io.vigil.watcher.persistence.WatcherRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Watches delegated channels on the canonical chain: keeps each channel's on-chain status from the
 * hub's events (undoing what a reorg retracts), and turns a stale close into a dispute request, an
 * expired challenge period into a settle request, and a bounty credited to Vigil into a withdrawal
 * request. Each decision is written in the transaction that applies the event.
 */
@ApplicationScoped
public class Watcher implements ChainListener {

  private static final Logger LOG = Logger.getLogger(Watcher.class);
  static final String INBOX = "watcher";

  private final WatcherRepository repository;
  private final RequestOutbox outbox;
  private final Inbox inbox;
  private final EntityManager em;
  private final HubCalls calls;
  private final ChainHead head;
  private final WatcherConfig config;
  private final Clock clock;
  private final WatchPolicy policy;

  /**
   * Per channel, how many disputes or settles FAILED in a row and when the next may be asked for.
   * Per replica: it only paces retries, nothing depends on it across restarts.
   */
  private final Map<String, Backoff> retryNotBefore = new ConcurrentHashMap<>();

  /** {@code failures} FAILED requests in a row; the next one not before {@code notBefore}. */
  record Backoff(int failures, Instant notBefore) {

    /** Longest wait, in multiples of {@code failed-retry-interval}. */
    static final int MAX_FACTOR = 40;

    /** The wait after one more failure: the interval, doubled per failure, at most 40 times. */
    Backoff failedAgain(Instant now, Duration interval) {
      int next = failures + 1;
      long factor = Math.min(MAX_FACTOR, 1L << Math.min(next - 1, 20));
      return new Backoff(next, now.plus(interval.multipliedBy(factor)));
    }
  }

  private final Counter breaches;
  private final Counter tooLate;
  private final Counter droppedForParties;
  private final Counter droppedForPolicy;
  private final java.util.concurrent.atomic.AtomicLong deadlineSeconds =
      new java.util.concurrent.atomic.AtomicLong(NO_OPEN_BREACH);

  /** Reported while no breach waits for its dispute: far beyond any alert threshold. */
  static final long NO_OPEN_BREACH = 365L * 24 * 3600;

  public Watcher(
      WatcherRepository repository,
      RequestOutbox outbox,
      Inbox inbox,
      EntityManager em,
      HubCalls calls,
      ChainHead head,
      WatcherConfig config,
      Clock clock,
      MeterRegistry metrics) {
    this.repository = repository;
    this.outbox = outbox;
    this.inbox = inbox;
    this.em = em;
    this.calls = calls;
    this.head = head;
    this.config = config;
    this.clock = clock;
    this.policy = WatchPolicy.from(config.policy());
    this.breaches =
        Counter.builder("vigil_watcher_breaches_total")
            .description("Stale closes answered with a dispute request")
            .register(metrics);
    this.tooLate =
        Counter.builder("vigil_watcher_breaches_missed_total")
            .description("Stale closes that reached their deadline undisputed")
            .register(metrics);
    this.droppedForParties = droppedPending(metrics, "parties");
    this.droppedForPolicy = droppedPending(metrics, "watch-policy");
    io.micrometer.core.instrument.Gauge.builder(
            "vigil_watcher_dispute_deadline_seconds",
            deadlineSeconds,
            java.util.concurrent.atomic.AtomicLong::get)
        .description(
            "Seconds of chain time left before the nearest deadline of a stale close whose dispute"
                + " is not yet on chain")
        .register(metrics);
  }

  private static Counter droppedPending(MeterRegistry metrics, String reason) {
    return Counter.builder("vigil_watcher_pending_dropped_total")
        .description(
            "States held for a channel not yet on chain, dropped when the channel opened: its"
                + " parties are not the signers, or it is outside the watch policy")
        .tag("reason", reason)
        .register(metrics);
  }

  @Override
  public void blockConnected(ChainBlock block) {
    boolean requested = false;
    for (ChannelEvent event : block.events()) {
      requested |=
          QuarkusTransaction.requiringNew()
              .call(
                  () -> {
                    forget("retract:" + event.eventId());
                    if (!inbox.firstDelivery(INBOX, event.eventId())) {
                      return false;
                    }
                    return apply(event);
                  });
    }
    if (requested) {
      outbox.flush();
    }
  }

  @Override
  public void blockDisconnected(ChainBlock block) {
    List<ChannelEvent> newestFirst = new ArrayList<>(block.events());
    java.util.Collections.reverse(newestFirst);
    boolean requested = false;
    for (ChannelEvent event : newestFirst) {
      requested |=
          QuarkusTransaction.requiringNew()
              .call(
                  () -> {
                    forget(event.eventId());
                    if (!inbox.firstDelivery(INBOX, "retract:" + event.eventId())) {
                      return false;
                    }
                    return undo(event);
                  });
    }
    if (requested) {
      outbox.flush();
    }
  }

  /** A block that reconnects after a reorg must be applied again: forget its earlier handling. */
  private void forget(String eventId) {
    em.createNativeQuery("delete from inbox where consumer = ?1 and event_id = ?2")
        .setParameter(1, INBOX)
        .setParameter(2, eventId)
        .executeUpdate();
  }

  /** Applies one connected event; true when it wrote a transaction request. */
  private boolean apply(ChannelEvent event) {
    String channel = event.channelId();
    switch (event.type()) {
      case "ChannelOpened" -> {
        repository.channelOpened(
            channel,
            event.address("partyA"),
            event.address("partyB"),
            event.amount("deposit"),
            event.amount("bounty"),
            event.number("challengePeriod"),
            event.blockHash());
        adoptPending(channel);
        return review(channel);
      }
      case "Deposited" -> repository.setTotal(channel, event.amount("total"));
      case "CloseStarted" -> {
        repository.closeStarted(
            channel,
            event.number("nonce"),
            event.number("deadline"),
            event.address("closer"),
            event.blockHash());
        return review(channel);
      }
      case "Disputed" -> {
        repository.disputed(channel, event.number("nonce"), event.address("disputer"));
        if (isHunter(event.address("disputer"))) {
          repository.outcomeDisputed(channel, event.number("nonce"));
        }
        return review(channel);
      }
      case "Settled" -> {
        repository.setStatus(channel, WatchedChannel.SETTLED);
        boolean watched =
            repository.findState(channel).isPresent()
                || repository.findOutcome(channel).isPresent();
        if (!watched) {
          return false;
        }
        boolean ours = isHunter(event.address("bountyTo"));
        BigInteger bounty = ours ? event.amount("bounty") : BigInteger.ZERO;
        repository.outcomeSettled(
            channel, true, event.amount("balanceA"), event.amount("balanceB"), bounty);
        repository.deleteState(channel);
        if (ours && bounty.signum() > 0) {
          String hunter = hunter();
          return outbox.add(
              TransactionRequest.own(
                  "withdraw:" + hunter + ":" + channel,
                  TransactionRequest.Purpose.WITHDRAW,
                  hunter,
                  calls.hub(),
                  calls.withdraw(),
                  0,
                  bounty,
                  channel));
        }
      }
      case "CooperativelyClosed" -> {
        repository.setStatus(channel, WatchedChannel.CLOSED);
        repository.deleteState(channel);
      }
      case "Withdrawn" -> {
        if (isHunter(event.address("account"))) {
          repository.bountiesWithdrawn(true);
        }
      }
      default -> {
        // Checkpointed changes nothing the watcher decides on; IntakeCheck dead-letters types it
        // does not know before they get here.
      }
    }
    return false;
  }

  /** Undoes one retracted event; true when the new situation needed a transaction request. */
  private boolean undo(ChannelEvent event) {
    String channel = event.channelId();
    switch (event.type()) {
      case "ChannelOpened" -> {
        repository.channelOpenRetracted(channel, event.blockHash());
        if (repository.findChannel(channel).isEmpty()) {
          repository.setExpiry(channel, clock.instant().plus(config.pendingExpiry()));
        }
      }
      case "CloseStarted" -> repository.closeRetracted(channel, event.blockHash());
      case "Disputed" -> {
        repository.disputeRetracted(channel, event.number("nonce"));
        repository.requestsReorgedOut(channel, TransactionRequest.Purpose.DISPUTE.name());
        if (isHunter(event.address("disputer"))) {
          repository.outcomeDisputed(channel, null);
        }
        return review(channel);
      }
      case "Settled" -> {
        repository.setStatus(channel, WatchedChannel.DISPUTED);
        repository.requestsReorgedOut(channel, TransactionRequest.Purpose.SETTLE.name());
        repository
            .findOutcome(channel)
            .ifPresent(
                outcome -> repository.outcomeSettled(channel, false, null, null, BigInteger.ZERO));
        return review(channel);
      }
      case "CooperativelyClosed" -> repository.setStatus(channel, WatchedChannel.OPEN);
      case "Withdrawn" -> {
        if (isHunter(event.address("account"))) {
          repository.bountiesWithdrawn(false);
        }
      }
      default -> {
        // nothing was applied
      }
    }
    return false;
  }

  /**
   * A state held for a channel not yet seen: keep it if its signers are the parties and the
   * channel, now known, is within the watch policy for the party that delegated it.
   */
  private void adoptPending(String channel) {
    Optional<HeldState> held = repository.lockState(channel);
    Optional<WatchedChannel> opened = repository.findChannel(channel);
    if (held.isEmpty() || opened.isEmpty() || held.get().expiresAt().isEmpty()) {
      return;
    }
    WatchedChannel known = opened.get();
    HeldState state = held.get();
    if (!state.signerA().equalsIgnoreCase(known.partyA())
        || !state.signerB().equalsIgnoreCase(known.partyB())) {
      LOG.infof(
          "dropping the state held for %s: its signers are not the channel's parties", channel);
      droppedForParties.increment();
      repository.deleteState(channel);
      return;
    }
    if (policy.admit(
            known,
            state.client().equalsIgnoreCase(state.signerA()),
            state.balanceA(),
            state.balanceB())
        instanceof WatchPolicy.Admission.Refused refused) {
      LOG.warnf(
          "dropping the state held for %s: the channel opened outside the watch policy (%s)",
          channel, refused.detail());
      droppedForPolicy.increment();
      repository.deleteState(channel);
      return;
    }
    repository.setExpiry(channel, null);
  }

  /**
   * Decides what the channel needs now and writes the request for it. Must run inside the
   * transaction that changed the channel or its state. True when a request was written.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public boolean review(String channel) {
    Optional<WatchedChannel> found = repository.findChannel(channel);
    if (found.isEmpty()) {
      return false;
    }
    WatchedChannel watched = found.get();
    Optional<HeldState> held = repository.findState(channel);
    List<RequestRow> disputes =
        repository.requests(channel, TransactionRequest.Purpose.DISPUTE.name());
    List<RequestRow> settles =
        repository.requests(channel, TransactionRequest.Purpose.SETTLE.name());
    Optional<String> liveDispute =
        held.flatMap(
            state ->
                disputes.stream()
                    .filter(RequestRow::live)
                    .filter(row -> disputeNonce(row.requestId()) == state.nonce())
                    .map(RequestRow::requestId)
                    .findFirst());
    Optional<String> liveSettle =
        settles.stream().filter(RequestRow::live).map(RequestRow::requestId).findFirst();
    if (!watched.isClosing()) {
      return false;
    }
    if (held.isEmpty() && repository.findOutcome(channel).isEmpty()) {
      return false; // not a channel Vigil watches
    }
    long chainTime = head.latest().timestamp();
    Verdict verdict = BreachJudge.judge(watched, held, liveDispute, liveSettle, chainTime);
    Backoff backoff = retryNotBefore.get(channel);
    if (backoff != null) {
      if (!(verdict instanceof Verdict.Dispute || verdict instanceof Verdict.Settle)) {
        retryNotBefore.remove(channel, backoff);
      } else if (clock.instant().isBefore(backoff.notBefore())) {
        return false; // the last attempt FAILED; asking again now would most likely fail again
      }
    }
    String hunter = hunter();
    switch (verdict) {
      case Verdict.Dispute dispute -> {
        HeldState state = held.orElseThrow();
        String nonClosing = watched.counterparty(dispute.closer());
        byte[] authorization = state.hunterAuthBy(nonClosing).orElse(new byte[0]);
        long attempts =
            disputes.stream().filter(row -> disputeNonce(row.requestId()) == state.nonce()).count();
        String requestId =
            "dispute:"
                + channel
                + ":"
                + state.nonce()
                + (attempts == 0 ? "" : ":" + (attempts + 1));
        repository.breachSeen(channel, state.nonce(), watched.closeNonce());
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
                channel));
      }
      case Verdict.Settle settle -> {
        if (settle.missedBreach()) {
          tooLate.increment();
          LOG.warnf("stale close of %s was not disputed before its deadline", channel);
        }
        String requestId =
            "settle:" + channel + (settles.isEmpty() ? "" : ":" + (settles.size() + 1));
        return outbox.add(
            TransactionRequest.own(
                requestId,
                TransactionRequest.Purpose.SETTLE,
                hunter,
                calls.hub(),
                calls.settle(channel),
                0,
                watched.total(),
                channel));
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
                  Optional<RequestRow> request = repository.findRequest(outcome.requestId());
                  if (request.isEmpty()) {
                    return false; // another component's request
                  }
                  if (request.get().status().equals("REORGED")
                      && (outcome.status() == TransactionOutcome.Status.INCLUDED
                          || outcome.status() == TransactionOutcome.Status.CONFIRMED)) {
                    // a late report of the inclusion a reorg removed; the chain decides now
                    return false;
                  }
                  repository.recordOutcome(
                      outcome.requestId(),
                      outcome.status().name(),
                      outcome.txHash(),
                      outcome.gasUsed(),
                      outcome.effectiveGasPrice(),
                      outcome.reason());
                  if (outcome.status() == TransactionOutcome.Status.FAILED
                      || outcome.status() == TransactionOutcome.Status.DROPPED
                      || outcome.status() == TransactionOutcome.Status.CANCELLED) {
                    LOG.warnf("%s %s: %s", outcome.requestId(), outcome.status(), outcome.reason());
                    String channel = repository.channelOfRequest(outcome.requestId());
                    if (outcome.status() == TransactionOutcome.Status.FAILED) {
                      retryNotBefore.compute(
                          channel,
                          (c, was) ->
                              (was == null ? new Backoff(0, Instant.EPOCH) : was)
                                  .failedAgain(clock.instant(), config.failedRetryInterval()));
                    } else {
                      retryNotBefore.remove(channel);
                    }
                    return review(channel);
                  }
                  return false;
                });
    if (requested) {
      outbox.flush();
    }
  }

  /** Settles channels whose challenge period ended, and answers breaches still open. */
  @Scheduled(
      identity = "watcher.deadlines",
      every = "${vigil.watcher.deadline-poll-interval:1s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = RoleSchedule.class)
  void checkDeadlines() {
    try {
      List<String> closing =
          QuarkusTransaction.requiringNew().call(repository::closingWatchedChannels);
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
              .call(repository::earliestOpenBreachDeadline)
              .map(deadline -> deadline - chainTime)
              .orElse(NO_OPEN_BREACH));
    } catch (RuntimeException e) {
      LOG.warnf("deadline check failed, retrying: %s", e.toString());
    }
  }

  /** Drops states whose channel never appeared on chain in time. */
  @Scheduled(
      identity = "watcher.expire-pending",
      every = "1m",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = RoleSchedule.class)
  void expirePending() {
    int dropped =
        QuarkusTransaction.requiringNew().call(() -> repository.deleteExpired(clock.instant()));
    if (dropped > 0) {
      LOG.infof("dropped %d held state(s) whose channel never appeared on chain", dropped);
    }
  }

  private static long disputeNonce(String requestId) {
    String[] parts = requestId.split(":");
    return parts.length >= 3 ? Long.parseLong(parts[2]) : -1;
  }

  private boolean isHunter(String address) {
    return address != null && address.equalsIgnoreCase(hunter());
  }

  String hunter() {
    return config
        .hunterAddress()
        .map(address -> address.toLowerCase(Locale.ROOT))
        .orElseThrow(() -> new IllegalStateException("vigil.watcher.hunter-address is not set"));
  }
}
