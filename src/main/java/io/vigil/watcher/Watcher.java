package io.vigil.watcher;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.vigil.core.chain.ChainBlock;
import io.vigil.core.chain.ChainListener;
import io.vigil.core.messaging.ChannelEvent;
import io.vigil.core.messaging.Inbox;
import io.vigil.core.messaging.TransactionRequest;
import io.vigil.core.role.RoleSchedule;
import io.vigil.watcher.persistence.HeldState;
import io.vigil.watcher.persistence.HeldStateRepository;
import io.vigil.watcher.persistence.OutcomeRepository;
import io.vigil.watcher.persistence.RequestRepository;
import io.vigil.watcher.persistence.WatchedChannel;
import io.vigil.watcher.persistence.WatchedChannelRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.math.BigInteger;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Watches delegated channels on the canonical chain: keeps each channel's on-chain status from the
 * hub's events (undoing what a reorg retracts), adopts or drops the states held for a channel that
 * opens, asks for the withdrawal of a bounty credited to Vigil, and has the {@link Enforcer} review
 * every channel an event may have made breached or settleable. Each decision is written in the
 * transaction that applies the event.
 */
@ApplicationScoped
public class Watcher implements ChainListener {

  private static final Logger LOG = Logger.getLogger(Watcher.class);
  static final String INBOX = "watcher";

  private final WatchedChannelRepository channels;
  private final HeldStateRepository states;
  private final OutcomeRepository outcomes;
  private final RequestRepository requests;
  private final Enforcer enforcer;
  private final RequestOutbox outbox;
  private final Inbox inbox;
  private final EntityManager em;
  private final HubCalls calls;
  private final WatcherConfig config;
  private final Clock clock;
  private final WatchPolicy policy;
  private final Counter droppedForParties;
  private final Counter droppedForPolicy;

  public Watcher(
      WatchedChannelRepository channels,
      HeldStateRepository states,
      OutcomeRepository outcomes,
      RequestRepository requests,
      Enforcer enforcer,
      RequestOutbox outbox,
      Inbox inbox,
      EntityManager em,
      HubCalls calls,
      WatcherConfig config,
      Clock clock,
      MeterRegistry metrics) {
    this.channels = channels;
    this.states = states;
    this.outcomes = outcomes;
    this.requests = requests;
    this.enforcer = enforcer;
    this.outbox = outbox;
    this.inbox = inbox;
    this.em = em;
    this.calls = calls;
    this.config = config;
    this.clock = clock;
    this.policy = WatchPolicy.from(config.policy());
    this.droppedForParties = droppedPending(metrics, "parties");
    this.droppedForPolicy = droppedPending(metrics, "watch-policy");
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
    Collections.reverse(newestFirst);
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
        channels.channelOpened(
            channel,
            event.address("partyA"),
            event.address("partyB"),
            event.amount("deposit"),
            event.amount("bounty"),
            event.number("challengePeriod"),
            event.blockHash());
        adoptPending(channel);
        return enforcer.review(channel);
      }
      case "Deposited" -> channels.setTotal(channel, event.amount("total"));
      case "CloseStarted" -> {
        channels.closeStarted(
            channel,
            event.number("nonce"),
            event.number("deadline"),
            event.address("closer"),
            event.blockHash());
        return enforcer.review(channel);
      }
      case "Disputed" -> {
        channels.disputed(channel, event.number("nonce"), event.address("disputer"));
        if (isHunter(event.address("disputer"))) {
          outcomes.outcomeDisputed(channel, event.number("nonce"));
        }
        return enforcer.review(channel);
      }
      case "Settled" -> {
        channels.setStatus(channel, WatchedChannel.SETTLED);
        boolean watched =
            states.findState(channel).isPresent() || outcomes.findOutcome(channel).isPresent();
        if (!watched) {
          return false;
        }
        boolean ours = isHunter(event.address("bountyTo"));
        BigInteger bounty = ours ? event.amount("bounty") : BigInteger.ZERO;
        outcomes.outcomeSettled(
            channel, true, event.amount("balanceA"), event.amount("balanceB"), bounty);
        states.deleteState(channel);
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
        channels.setStatus(channel, WatchedChannel.CLOSED);
        states.deleteState(channel);
      }
      case "Withdrawn" -> {
        if (isHunter(event.address("account"))) {
          outcomes.bountiesWithdrawn(true);
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
        channels.channelOpenRetracted(channel, event.blockHash());
        if (channels.findChannel(channel).isEmpty()) {
          states.setExpiry(channel, clock.instant().plus(config.pendingExpiry()));
        }
      }
      case "CloseStarted" -> channels.closeRetracted(channel, event.blockHash());
      case "Disputed" -> {
        channels.disputeRetracted(channel, event.number("nonce"));
        requests.requestsReorgedOut(channel, TransactionRequest.Purpose.DISPUTE.name());
        if (isHunter(event.address("disputer"))) {
          outcomes.outcomeDisputed(channel, null);
        }
        return enforcer.review(channel);
      }
      case "Settled" -> {
        channels.setStatus(channel, WatchedChannel.DISPUTED);
        requests.requestsReorgedOut(channel, TransactionRequest.Purpose.SETTLE.name());
        outcomes
            .findOutcome(channel)
            .ifPresent(
                outcome -> outcomes.outcomeSettled(channel, false, null, null, BigInteger.ZERO));
        return enforcer.review(channel);
      }
      case "CooperativelyClosed" -> channels.setStatus(channel, WatchedChannel.OPEN);
      case "Withdrawn" -> {
        if (isHunter(event.address("account"))) {
          outcomes.bountiesWithdrawn(false);
        }
      }
      default -> {
        // nothing was applied
      }
    }
    return false;
  }

  /** A state held for a channel not yet seen: keep it or drop it, as {@link Adoption} decides. */
  private void adoptPending(String channel) {
    Optional<HeldState> held = states.lockState(channel);
    Optional<WatchedChannel> opened = channels.findChannel(channel);
    if (held.isEmpty() || opened.isEmpty() || held.get().expiresAt().isEmpty()) {
      return;
    }
    switch (Adoption.of(held.get(), opened.get(), policy)) {
      case Adoption.Kept kept -> states.setExpiry(channel, null);
      case Adoption.NotTheParties notParties -> {
        LOG.infof(
            "dropping the state held for %s: its signers are not the channel's parties", channel);
        droppedForParties.increment();
        states.deleteState(channel);
      }
      case Adoption.OutsidePolicy outside -> {
        LOG.warnf(
            "dropping the state held for %s: the channel opened outside the watch policy (%s)",
            channel, outside.detail());
        droppedForPolicy.increment();
        states.deleteState(channel);
      }
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
        QuarkusTransaction.requiringNew().call(() -> states.deleteExpired(clock.instant()));
    if (dropped > 0) {
      LOG.infof("dropped %d held state(s) whose channel never appeared on chain", dropped);
    }
  }

  private boolean isHunter(String address) {
    return address != null && address.equalsIgnoreCase(hunter());
  }

  /** Vigil's hunter address, lower-case: disputes are sent from it and earn it the bounty. */
  String hunter() {
    return hunter(config);
  }

  static String hunter(WatcherConfig config) {
    return config
        .hunterAddress()
        .map(address -> address.toLowerCase(Locale.ROOT))
        .orElseThrow(() -> new IllegalStateException("vigil.watcher.hunter-address is not set"));
  }
}
