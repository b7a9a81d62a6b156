package io.vigil.client.tower;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.client.ErrorCode;
import io.vigil.client.VigilClientException;
import io.vigil.client.events.Notifications;
import io.vigil.client.http.JsonHttp;
import io.vigil.client.sign.Signer;
import io.vigil.client.store.TowerStore;
import io.vigil.core.channel.SignedState;
import io.vigil.core.crypto.Address;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Several towers at once: adds them (pinning {@code /info}), delegates the latest state of a
 * channel to every one of them concurrently, checks every receipt strictly, queues what a tower did
 * not acknowledge in the local store and retries it with backoff. A dead or slow tower never blocks
 * the others: each is called on its own thread under its own time bound.
 */
public final class Towers implements AutoCloseable {

  private final TowerStore store;
  private final Notifications notifications;
  private final Clock clock;
  private final JsonHttp.Limits limits;
  private final Backoff backoff;
  private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
  private final TowerWatch watch;

  public Towers(
      TowerStore store,
      Notifications notifications,
      Clock clock,
      JsonHttp.Limits limits,
      Backoff backoff) {
    this.store = Objects.requireNonNull(store, "store");
    this.notifications = Objects.requireNonNull(notifications, "notifications");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.watch = new TowerWatch(store, notifications, clock, this::client, Duration.ofHours(1));
  }

  /**
   * Adds a tower by URL, pinning what its {@code /info} says now; an added one is returned as is.
   */
  public Tower add(String url) {
    TowerClient client = client(url);
    Optional<Tower> known = store.tower(client.url());
    if (known.isPresent()) {
      return known.get();
    }
    Tower tower = Tower.added(client.url(), client.info(), clock.instant());
    store.saveTower(tower);
    return tower;
  }

  public boolean remove(String url) {
    return store.removeTower(client(url).url());
  }

  public List<Tower> list() {
    return store.towers();
  }

  /** What the tower's {@code /info} says now (not what was pinned). */
  public TowerInfo info(String url) {
    return client(url).info();
  }

  public TowerStore store() {
    return store;
  }

  /** Channel status, coverage and notifications over these towers. */
  public TowerWatch watch() {
    return watch;
  }

  /**
   * Delegates {@code signed}, the channel's latest co-signed state, to every tower that is not
   * misbehaving, each with an authorization of its own hunter signed by {@code party}. The state is
   * queued for every tower before anything is sent, so a crash or a dead tower loses nothing.
   */
  public DelegationReport delegate(SignedState signed, Signer party, DelegationPolicy policy) {
    List<Tower> towers = store.towers();
    if (towers.isEmpty()) {
      throw VigilClientException.of(ErrorCode.USAGE, "no tower is configured: vigil tower add URL");
    }
    Instant now = clock.instant();
    List<TowerOutcome> skipped = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    Map<String, JsonNode> bodies = new LinkedHashMap<>();
    for (Tower tower : towers) {
      if (!tower.trusted()) {
        skipped.add(new TowerOutcome.Skipped(tower.url(), "misbehaving: " + tower.reason()));
        continue;
      }
      Optional<String> conflict = counterpartyConflict(tower, signed, party.address(), warnings);
      if (conflict.isPresent()
          && policy.counterparty() == DelegationPolicy.CounterpartyRule.REFUSE) {
        skipped.add(new TowerOutcome.Skipped(tower.url(), conflict.get()));
        continue;
      }
      conflict.ifPresent(why -> warnings.add(tower.url() + ": " + why));
      bodies.put(tower.url(), TowerClient.delegationFor(tower.pinned(), signed, party));
    }
    var state = signed.state();
    if (!store.queueLatest(state.channelId(), state.nonce(), bodies, now)) {
      throw VigilClientException.of(
          ErrorCode.CONFLICT,
          "a newer state of " + state.channelId() + " was delegated already; delegate the latest");
    }
    List<PendingDelegation> sends = new ArrayList<>();
    bodies.forEach(
        (url, body) ->
            sends.add(new PendingDelegation(url, state.channelId(), state.nonce(), body, now)));
    List<TowerOutcome> outcomes = new ArrayList<>(skipped);
    outcomes.addAll(sendAll(towers, sends));
    int required = policy.minTowers() == 0 ? bodies.size() : policy.minTowers();
    return new DelegationReport(state, Math.max(required, 1), outcomes, warnings);
  }

  /** Resends now whatever the tower at {@code url} (or every tower) has not acknowledged. */
  public List<TowerOutcome> retry(Optional<String> url) {
    String only = url.map(u -> client(u).url()).orElse(null);
    List<Tower> towers =
        store.towers().stream().filter(t -> only == null || t.url().equals(only)).toList();
    if (only != null && towers.isEmpty()) {
      throw VigilClientException.of(ErrorCode.NOT_FOUND, "no tower " + only + " is configured");
    }
    return resend(towers.stream().filter(Tower::trusted).toList());
  }

  /**
   * Resends what is queued to every tower not waiting out a backoff at {@code now}: unreachable
   * towers whose backoff ran out, and reachable ones that still have something queued (a state
   * queued while they were down, for a channel not delegated since).
   */
  public List<TowerOutcome> retryDue(Instant now) {
    return resend(
        store.towers().stream()
            .filter(Tower::trusted)
            .filter(t -> t.state() != TowerState.UNREACHABLE || t.retryDue(now))
            .toList());
  }

  /** Calls {@link #retryDue} every {@code period} until the handle is closed. */
  public AutoCloseable schedule(Duration period) {
    var scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().factory());
    scheduler.scheduleWithFixedDelay(
        () -> {
          try {
            retryDue(clock.instant());
          } catch (RuntimeException failed) {
            System.getLogger(Towers.class.getName())
                .log(System.Logger.Level.WARNING, "periodic tower retry failed", failed);
          }
        },
        period.toMillis(),
        period.toMillis(),
        TimeUnit.MILLISECONDS);
    return scheduler::shutdownNow;
  }

  private List<TowerOutcome> resend(List<Tower> towers) {
    List<PendingDelegation> sends = new ArrayList<>();
    for (Tower tower : towers) {
      sends.addAll(store.pending(tower.url()));
    }
    return sendAll(towers, sends);
  }

  private Optional<String> counterpartyConflict(
      Tower tower, SignedState signed, Address delegator, List<String> warnings) {
    Optional<Address> counterparty = Counterparty.of(tower.pinned(), signed, delegator);
    if (counterparty.isEmpty()) {
      String warning = "the key " + delegator + " signed neither side of this state";
      if (!warnings.contains(warning)) {
        warnings.add(warning);
      }
      return Optional.empty();
    }
    return Counterparty.conflict(tower.pinned(), counterparty.get());
  }

  /**
   * Sends each tower its deliveries (several at once in batches), towers concurrently, each tower's
   * calls bounded in time. Every outcome is stored as it comes.
   */
  private List<TowerOutcome> sendAll(List<Tower> towers, List<PendingDelegation> sends) {
    Map<String, Future<List<TowerOutcome>>> running = new LinkedHashMap<>();
    for (Tower tower : towers) {
      List<PendingDelegation> mine =
          sends.stream().filter(p -> p.towerUrl().equals(tower.url())).toList();
      if (!mine.isEmpty()) {
        running.put(tower.url(), workers.submit(() -> deliver(tower, mine)));
      }
    }
    long boundMillis =
        limits.connectTimeout().plus(limits.requestTimeout()).toMillis() * Math.max(1, sends.size())
            + 1000;
    List<TowerOutcome> outcomes = new ArrayList<>();
    for (Map.Entry<String, Future<List<TowerOutcome>>> each : running.entrySet()) {
      try {
        outcomes.addAll(each.getValue().get(boundMillis, TimeUnit.MILLISECONDS));
      } catch (TimeoutException slow) {
        each.getValue().cancel(true);
        outcomes.add(
            new TowerOutcome.Queued(each.getKey(), ErrorCode.TIMEOUT, "no answer in time", null));
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw VigilClientException.of(ErrorCode.UNREACHABLE, "interrupted while delegating");
      } catch (java.util.concurrent.ExecutionException failed) {
        throw new IllegalStateException(
            "delivering to " + each.getKey() + " failed", failed.getCause());
      }
    }
    return outcomes;
  }

  private List<TowerOutcome> deliver(Tower start, List<PendingDelegation> mine) {
    TowerClient client = client(start.url());
    if (mine.size() > 1) {
      return deliverBatched(client, start, mine);
    }
    TowerOutcome outcome = Delivery.send(client, start, mine.getFirst(), clock.instant());
    record(start, mine.getFirst(), outcome);
    return List.of(outcome);
  }

  /** Several delegations for one tower (a retry after an outage): batched, recorded in order. */
  private List<TowerOutcome> deliverBatched(
      TowerClient client, Tower start, List<PendingDelegation> mine) {
    List<TowerOutcome> outcomes = Delivery.sendBatches(client, start, mine, clock.instant());
    Tower tower = start;
    boolean failureCounted = false;
    List<TowerOutcome> recorded = new ArrayList<>();
    for (int i = 0; i < outcomes.size(); i++) {
      TowerOutcome outcome = outcomes.get(i);
      if (tower.state() == TowerState.MISBEHAVING) {
        // Nothing a misbehaving tower answers counts, not even the rest of the same batch.
        break;
      }
      recorded.add(outcome);
      if (outcome instanceof TowerOutcome.Queued) {
        // One failed call is one failure, however many delegations it carried.
        if (failureCounted) {
          continue;
        }
        failureCounted = true;
      }
      tower = record(tower, mine.get(i), outcome);
    }
    return recorded;
  }

  /** Stores an outcome and moves the tower's state; announces a change of state. */
  private Tower record(Tower tower, PendingDelegation pending, TowerOutcome outcome) {
    Instant now = clock.instant();
    Tower next =
        switch (outcome) {
          case TowerOutcome.Acknowledged ack -> {
            store.acknowledge(ack.receipt());
            yield tower.moved(TowerState.REACHABLE, null, now, 0, null);
          }
          case TowerOutcome.Queued queued -> {
            int failures = tower.failures() + 1;
            Instant retryAt = backoff.next(now, failures, queued.retryAfterSeconds());
            yield tower.moved(TowerState.UNREACHABLE, queued.reason(), now, failures, retryAt);
          }
          case TowerOutcome.Refused refused -> {
            store.dropPending(tower.url(), pending.channelId(), pending.nonce());
            yield tower.moved(TowerState.REFUSED, refused.reason(), now, 0, null);
          }
          case TowerOutcome.Misbehaved bad -> {
            Tower marked = tower.moved(TowerState.MISBEHAVING, bad.proof().reason(), now, 0, null);
            store.saveProof(bad.proof(), marked);
            yield marked;
          }
          case TowerOutcome.Skipped skipped -> tower;
        };
    if (!(outcome instanceof TowerOutcome.Misbehaved)) {
      store.saveTower(next);
    }
    if (next.state() != tower.state()) {
      notifications.publish(
          new TowerStateChanged(now, tower.url(), tower.state(), next.state(), next.reason()));
    }
    return next;
  }

  TowerClient client(String url) {
    return new TowerClient(url, limits);
  }

  Function<String, TowerClient> clients() {
    return this::client;
  }

  @Override
  public void close() {
    workers.shutdownNow();
  }
}
