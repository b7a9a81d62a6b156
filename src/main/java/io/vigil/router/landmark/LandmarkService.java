package io.vigil.router.landmark;

import io.vigil.router.landmark.persistence.SqlLandmarkStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The landmark routing operations of this server, each in one database transaction: managing hosted
 * users and contacts, receiving ROUTING messages, ending a window, and planning top-ups.
 */
@ApplicationScoped
public class LandmarkService {

  private final SqlLandmarkStore store;
  private final LandmarkExchange exchange;
  private final HostedUsers users;
  private final TopUpPlanner planner = new TopUpPlanner();

  public LandmarkService(SqlLandmarkStore store, LandmarkConfig config) {
    this.store = store;
    this.exchange =
        new LandmarkExchange(
            store,
            new PropagationRule(config.maxHops()),
            config.maxSequenceJump(),
            config.maxLandmarksPerUser());
    this.users = new HostedUsers(store, config.maxUsers(), config.maxContactsPerUser());
  }

  /** Hosts {@code user}, owned by the holder of {@code key}; on a hosted user, sets its key. */
  @Transactional
  public HostedUsers.Change addUser(String user, String key) {
    HostedUsers.Change change = users.addUser(user);
    if (change instanceof HostedUsers.Change.Done) {
      store.setUserKey(user, key);
    }
    return change;
  }

  /** The key that owns a hosted user's data; empty when not hosted or hosted without one. */
  @Transactional
  public Optional<String> owner(String user) {
    return store.userKey(user);
  }

  @Transactional
  public boolean hosts(String user) {
    return store.hosts(user);
  }

  @Transactional
  public Optional<Map<String, Contact>> contacts(String user) {
    return store.hosts(user) ? Optional.of(store.contacts(user)) : Optional.empty();
  }

  @Transactional
  public HostedUsers.Change putContact(Contact contact) {
    return users.putContact(contact);
  }

  @Transactional
  public HostedUsers.Change removeContact(String user, String contact) {
    return users.removeContact(user, contact);
  }

  @Transactional
  public HostedUsers.Change transfer(String user, String contact, long amount) {
    return users.transfer(user, contact, amount);
  }

  /** A user's routing table, ordered by landmark, approach and contact; empty if not hosted. */
  @Transactional
  public Optional<List<Route>> routes(String user) {
    if (!store.hosts(user)) {
      return Optional.empty();
    }
    return Optional.of(
        store.routes(user).values().stream()
            .sorted(
                java.util.Comparator.comparing(Route::landmark)
                    .thenComparing(Route::approach)
                    .thenComparing(Route::contact))
            .toList());
  }

  /** Applies a ROUTING message from another server, whose signature {@code signer} made. */
  @Transactional
  public ReceiveOutcome receiveSigned(RoutingMessage message, String signer) {
    return exchange.receiveSigned(message, signer);
  }

  /** Ends a window. Callers serialise windows (see {@link LandmarkWindows}). */
  @Transactional
  public LandmarkExchange.Window flush() {
    return exchange.flush();
  }

  @Transactional
  public List<LandmarkStore.Queued> queued(int limit) {
    return store.queued(limit);
  }

  @Transactional
  public void dequeue(long id) {
    store.dequeue(id);
  }

  @Transactional
  public Backlog backlog() {
    return new Backlog(store.pendingCount(), store.queuedCount());
  }

  /** Plans a top-up; empty user or contact answers are the caller's 404s. */
  @Transactional
  public TopUpPlan planTopUp(String user, String contact, long payment, String hashLock) {
    Map<String, Contact> contacts = store.contacts(user);
    return planner.plan(user, contact, payment, hashLock, contacts, store.routes(user).values());
  }

  /** Work left over: users with changes to announce, and messages waiting for other servers. */
  public record Backlog(long pendingUsers, long queuedMessages) {}
}
