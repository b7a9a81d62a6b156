package io.vigil.watcher;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.vigil.core.chain.HubEvent;
import io.vigil.core.concurrent.PeriodicJob;
import io.vigil.core.crypto.Address;
import io.vigil.core.messaging.Inbox;
import io.vigil.core.messaging.TransactionRequest;
import io.vigil.core.persistence.NativeSql;
import io.vigil.watcher.persistence.HeldState;
import io.vigil.watcher.persistence.WatchedChannel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Watches delegated channels on the canonical chain: keeps each channel's on-chain status from the
 * hub's events (undoing what a reorg retracts), adopts or drops the states held for a channel that
 * opens, asks for the withdrawal of a bounty credited to Vigil, and has the {@link Enforcer} review
 * every channel an event may have made breached or settleable. Each decision is written in the
 * transaction that applies the event. Every kind of {@link HubEvent} is handled where it is
 * switched on, so a new kind does not compile until the watcher decides what it means.
 */
@ApplicationScoped
public class Watcher implements PeriodicJob.Owner {

  private static final Logger LOG = Logger.getLogger(Watcher.class);
  static final String INBOX = "watcher";

  private final WatcherTables tables;
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
      WatcherTables tables,
      Enforcer enforcer,
      RequestOutbox outbox,
      Inbox inbox,
      EntityManager em,
      HubCalls calls,
      WatcherConfig config,
      Clock clock,
      MeterRegistry metrics) {
    this.tables = tables;
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

  /**
   * Applies one change of the canonical chain in its own transaction, once per change however often
   * it is delivered, then publishes the requests it wrote.
   */
  public void apply(ChainChange change) {
    boolean requested =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  forget(change.oppositeKey());
                  if (!inbox.firstDelivery(INBOX, change.inboxKey())) {
                    return false;
                  }
                  return switch (change) {
                    case ChainChange.Connected connected -> connect(connected.event());
                    case ChainChange.Retracted retracted -> undo(retracted.event());
                  };
                });
    if (requested) {
      outbox.flush();
    }
  }

  /** The opposite change of the same event applies again: forget its earlier handling. */
  private void forget(String inboxKey) {
    NativeSql.update(
        em, "delete from inbox where consumer = ?1 and event_id = ?2", INBOX, inboxKey);
  }

  /** Applies one connected event; true when it wrote a transaction request. */
  private boolean connect(HubEvent event) {
    return switch (event) {
      case HubEvent.ChannelOpened opened -> {
        String channel = opened.channelId().hex();
        tables
            .channels()
            .channelOpened(
                channel,
                opened.partyA().hex(),
                opened.partyB().hex(),
                opened.deposit(),
                opened.bounty(),
                opened.challengePeriod(),
                opened.blockHash());
        adoptPending(channel);
        yield enforcer.review(channel);
      }
      case HubEvent.Deposited deposited -> {
        tables.channels().setTotal(deposited.channelId().hex(), deposited.total());
        yield false;
      }
      case HubEvent.Checkpointed checkpointed -> false; // nothing the watcher decides on
      case HubEvent.CloseStarted close -> {
        String channel = close.channelId().hex();
        tables
            .channels()
            .closeStarted(
                channel, close.nonce(), close.deadline(), close.closer().hex(), close.blockHash());
        yield enforcer.review(channel);
      }
      case HubEvent.Disputed disputed -> {
        String channel = disputed.channelId().hex();
        tables.channels().disputed(channel, disputed.nonce(), disputed.disputer().hex());
        if (isHunter(disputed.disputer())) {
          tables.outcomes().outcomeDisputed(channel, disputed.nonce());
        }
        yield enforcer.review(channel);
      }
      case HubEvent.Settled settled -> settled(settled);
      case HubEvent.CooperativelyClosed closed -> {
        tables.channels().setStatus(closed.channelId().hex(), WatchedChannel.CLOSED);
        tables.states().deleteState(closed.channelId().hex());
        yield false;
      }
      case HubEvent.Withdrawn withdrawn -> {
        if (isHunter(withdrawn.account())) {
          tables.outcomes().bountiesWithdrawn(true);
        }
        yield false;
      }
    };
  }

  /** Records a settle of a watched channel; true when it asked to withdraw Vigil's bounty. */
  private boolean settled(HubEvent.Settled settled) {
    String channel = settled.channelId().hex();
    tables.channels().setStatus(channel, WatchedChannel.SETTLED);
    boolean watched =
        tables.states().findState(channel).isPresent()
            || tables.outcomes().findOutcome(channel).isPresent();
    if (!watched) {
      return false;
    }
    boolean ours = isHunter(settled.bountyTo());
    BigInteger bounty = ours ? settled.bounty() : BigInteger.ZERO;
    tables.outcomes().outcomeSettled(channel, true, settled.balanceA(), settled.balanceB(), bounty);
    tables.states().deleteState(channel);
    if (!ours || bounty.signum() <= 0) {
      return false;
    }
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
            channel),
        null);
  }

  /** Undoes one retracted event; true when the new situation needed a transaction request. */
  private boolean undo(HubEvent event) {
    return switch (event) {
      case HubEvent.ChannelOpened opened -> {
        String channel = opened.channelId().hex();
        tables.channels().channelOpenRetracted(channel, opened.blockHash());
        if (tables.channels().findChannel(channel).isEmpty()) {
          tables.states().setExpiry(channel, clock.instant().plus(config.pendingExpiry()));
        }
        yield false;
      }
      // A retracted deposit is not undone: the total stays until the next Deposited event.
      case HubEvent.Deposited deposited -> false;
      case HubEvent.Checkpointed checkpointed -> false;
      case HubEvent.CloseStarted close -> {
        tables.channels().closeRetracted(close.channelId().hex(), close.blockHash());
        yield false;
      }
      case HubEvent.Disputed disputed -> {
        String channel = disputed.channelId().hex();
        tables.channels().disputeRetracted(channel, disputed.nonce());
        tables.requests().requestsReorgedOut(channel, TransactionRequest.Purpose.DISPUTE.name());
        if (isHunter(disputed.disputer())) {
          tables.outcomes().outcomeDisputed(channel, null);
        }
        yield enforcer.review(channel);
      }
      case HubEvent.Settled settled -> {
        String channel = settled.channelId().hex();
        tables.channels().setStatus(channel, WatchedChannel.DISPUTED);
        tables.requests().requestsReorgedOut(channel, TransactionRequest.Purpose.SETTLE.name());
        if (tables.outcomes().findOutcome(channel).isPresent()) {
          tables.outcomes().outcomeSettled(channel, false, null, null, BigInteger.ZERO);
        }
        yield enforcer.review(channel);
      }
      case HubEvent.CooperativelyClosed closed -> {
        tables.channels().setStatus(closed.channelId().hex(), WatchedChannel.OPEN);
        yield false;
      }
      case HubEvent.Withdrawn withdrawn -> {
        if (isHunter(withdrawn.account())) {
          tables.outcomes().bountiesWithdrawn(false);
        }
        yield false;
      }
    };
  }

  /** A state held for a channel not yet seen: keep it or drop it, as {@link Adoption} decides. */
  private void adoptPending(String channel) {
    Optional<HeldState> held = tables.states().lockState(channel);
    Optional<WatchedChannel> opened = tables.channels().findChannel(channel);
    if (held.isEmpty() || opened.isEmpty() || held.get().expiresAt().isEmpty()) {
      return;
    }
    switch (Adoption.of(held.get(), opened.get(), policy)) {
      case Adoption.Kept kept -> tables.states().setExpiry(channel, null);
      case Adoption.NotTheParties notParties -> {
        LOG.infof(
            "dropping the state held for %s: its signers are not the channel's parties", channel);
        droppedForParties.increment();
        tables.states().deleteState(channel);
      }
      case Adoption.OutsidePolicy outside -> {
        LOG.warnf(
            "dropping the state held for %s: the channel opened outside the watch policy (%s)",
            channel, outside.detail());
        droppedForPolicy.increment();
        tables.states().deleteState(channel);
      }
    }
  }

  /** Drops states whose channel never appeared on chain in time. */
  @Override
  public List<PeriodicJob> periodicJobs() {
    return List.of(
        PeriodicJob.every("watcher.expire-pending", Duration.ofMinutes(1), this::expirePending));
  }

  void expirePending() {
    int dropped =
        QuarkusTransaction.requiringNew()
            .call(() -> tables.states().deleteExpired(clock.instant()));
    if (dropped > 0) {
      LOG.infof("dropped %d held state(s) whose channel never appeared on chain", dropped);
    }
  }

  private boolean isHunter(Address address) {
    return address.hex().equals(hunter());
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
