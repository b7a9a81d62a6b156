package io.vigil.router.reactive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.vigil.core.lease.LockKey;
import io.vigil.core.lease.TransactionLocks;
import io.vigil.core.persistence.SqlValues;
import io.vigil.core.protocol.Amounts;
import io.vigil.core.protocol.Bundle;
import io.vigil.core.protocol.BundleMessage;
import io.vigil.core.protocol.BundleSignatures;
import io.vigil.core.role.ActiveRoles;
import io.vigil.core.role.Role;
import io.vigil.router.reactive.persistence.BundleStore;
import io.vigil.router.reactive.persistence.LinkEntity;
import io.vigil.router.reactive.persistence.NodeEntity;
import io.vigil.router.reactive.persistence.PeerCursorEntity;
import io.vigil.router.reactive.persistence.SqlRoutingTable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.web3j.utils.Numeric;

/**
 * In charge of the routing core of this server identity: it applies the routing rules to
 * originations and to peers' bundles, keeps the entry table and the outgoing queue, and cuts the
 * queue into signed bundles. Every method runs in one transaction that first takes a PostgreSQL
 * advisory lock derived from the node address, so there is exactly one writer per server identity
 * however many replicas run.
 */
@ApplicationScoped
public class RoutingCore {

  private static final Logger LOG = Logger.getLogger(RoutingCore.class);
  private static final long LOCK_SALT = 0x5649_4749_4c52_5452L; // "VIGILRTR"

  private final RouterConfig config;
  private final NodeIdentity identity;
  private final BundleStore bundles;
  private final EntityManager entities;
  private final ObjectMapper json;
  private final Clock clock;
  private final MeterRegistry metrics;
  private final ActiveRoles roles;
  private final SqlRoutingTable table;
  private final RoutingStep step;
  private final long lockKey;

  public RoutingCore(
      RouterConfig config,
      NodeIdentity identity,
      BundleStore bundles,
      SqlRoutingTable table,
      EntityManager entities,
      ObjectMapper json,
      Clock clock,
      MeterRegistry metrics,
      ActiveRoles roles) {
    this.config = config;
    this.identity = identity;
    this.bundles = bundles;
    this.entities = entities;
    this.json = json;
    this.clock = clock;
    this.metrics = metrics;
    this.roles = roles;
    this.table = table;
    this.step = new RoutingStep(new RoutingRules(config.entryExpiry(), config.reservationExpiry()));
    this.lockKey = Numeric.toBigInt(identity.address()).longValue() ^ LOCK_SALT;
  }

  void onStart(@Observes StartupEvent started) {
    if (roles.isActive(Role.ROUTER)) {
      String tableId = openTable();
      LOG.infof("routing server %s serving table %s", identity.address(), tableId);
    }
  }

  /**
   * Loads this server's table id, or starts a new one when there is no stored history (first start,
   * or a database that was lost) or the stored history belongs to another identity.
   */
  @Transactional
  public String openTable() {
    lock();
    NodeEntity node = NodeEntity.findById((short) 1);
    if (node != null && node.address.equals(identity.address())) {
      return node.tableId;
    }
    if (node == null) {
      node = new NodeEntity();
      node.id = 1;
    }
    bundles.clear();
    table.clearQueue();
    node.address = identity.address();
    node.tableId = UUID.randomUUID().toString();
    node.createdAt = clock.instant();
    node.persist();
    return node.tableId;
  }

  /** A light client's routing message, treated as coming from that client's link. */
  @Transactional
  public Origination originate(String client, String hash, BigDecimal amount) {
    lock();
    LinkEntity link = LinkEntity.findById(client);
    if (link == null) {
      return new Origination.UnknownLink(client);
    }
    if (link.kind != LinkKind.CLIENT) {
      return new Origination.NotAClient(client);
    }
    Decision decision =
        apply(link.toLink(), new RoutingMessage(hash, amount, config.messageTtl()), allLinks());
    return new Origination.Decided(decision);
  }

  /**
   * Applies a peer's verified bundles in order and advances the cursor, if the cursor still stands
   * at {@code expectedLastSeq} for {@code tableId} (another replica may have got there first).
   *
   * @return the number of bundles applied
   */
  @Transactional
  public int applyBundles(
      String peer, String tableId, long expectedLastSeq, List<Bundle> verified) {
    lock();
    PeerCursorEntity cursor = PeerCursorEntity.findById(peer);
    long last = cursor != null && cursor.tableId.equals(tableId) ? cursor.lastSeq : -1;
    if (last != expectedLastSeq) {
      return 0;
    }
    LinkEntity link = LinkEntity.findById(peer);
    if (link == null) {
      return 0;
    }
    Link from = link.toLink();
    Map<String, Link> links = allLinks();
    int applied = 0;
    for (Bundle bundle : verified) {
      if (bundle.seq() != last + 1) {
        break; // a gap: the poller asks for the missing range again
      }
      for (BundleMessage message : bundle.messages()) {
        if (!identity.address().equals(message.to())) {
          continue;
        }
        Optional<RoutingMessage> parsed = parse(message);
        if (parsed.isEmpty()) {
          metrics.counter("vigil_router_messages_rejected_total", "peer", peer).increment();
          continue;
        }
        apply(from, parsed.get(), links);
      }
      last = bundle.seq();
      applied++;
    }
    advance(peer, tableId, last);
    return applied;
  }

  /**
   * Moves the cursor on a peer's stream to just before {@code firstSeq} of table {@code tableId}.
   * When the peer lost its history ({@code dropRoutes}), the routes learned through it are dropped
   * too (releasing their reservations), because the peer no longer holds them.
   *
   * @return the number of routes dropped
   */
  @Transactional
  public int resync(String peer, String tableId, long firstSeq, boolean dropRoutes) {
    lock();
    int dropped = dropRoutes ? table.dropVia(peer) : 0;
    advance(peer, tableId, firstSeq - 1);
    return dropped;
  }

  /**
   * Cuts the queued messages into the next signed bundle; with nothing queued, cuts an empty
   * heartbeat bundle when the last one is older than the heartbeat interval.
   *
   * @return the seq of the bundle cut, or empty when none was needed
   */
  @Transactional
  public Optional<Long> cut() {
    lock();
    Instant now = clock.instant();
    List<BundleMessage> messages = table.queued(config.maxMessagesPerBundle());
    Optional<Object[]> newest = bundles.newest();
    if (messages.isEmpty()
        && newest.isPresent()
        && SqlValues.instant(newest.get()[1]).isAfter(now.minus(config.heartbeatInterval()))) {
      return Optional.empty();
    }
    NodeEntity node = NodeEntity.findById((short) 1);
    if (node == null || !node.address.equals(identity.address())) {
      return Optional.empty(); // the table is opened at start-up; nothing to cut before that
    }
    long seq = newest.map(row -> ((Number) row[0]).longValue() + 1).orElse(1L);
    Bundle bundle =
        BundleSignatures.sign(
            new Bundle(identity.address(), node.tableId, seq, now.toEpochMilli(), messages, null),
            identity.keys());
    try {
      bundles.append(seq, node.tableId, now, messages.size(), json.writeValueAsString(bundle));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise bundle " + seq, e);
    }
    table.dequeue(messages);
    metrics.counter("vigil_router_bundles_cut_total").increment();
    metrics.counter("vigil_router_messages_sent_total").increment(messages.size());
    return Optional.of(seq);
  }

  /** Deletes expired entries (releasing their reservations) and trims old bundles. */
  @Transactional
  public int[] housekeeping() {
    lock();
    Instant now = clock.instant();
    int expired = table.expire(now);
    int trimmed = bundles.trim(now.minus(config.bundleRetention()), config.bundleRetentionCount());
    return new int[] {expired, trimmed};
  }

  /** The payment for this hash completed: its entry goes and its reservation is released. */
  @Transactional
  public boolean complete(String hash) {
    lock();
    return table.remove(hash);
  }

  private Decision apply(Link from, RoutingMessage message, Map<String, Link> links) {
    Decision decision = step.receive(table, from, message, links.values(), clock.instant());
    String outcome =
        switch (decision) {
          case Decision.Accepted accepted ->
              accepted.replaced().isPresent() ? "replaced" : "accepted";
          case Decision.Dropped dropped -> dropped.reason().name().toLowerCase(Locale.ROOT);
        };
    metrics.counter("vigil_router_messages_processed_total", "outcome", outcome).increment();
    return decision;
  }

  /**
   * Records that the stream of {@code peer}'s table {@code tableId} is read up to {@code lastSeq}.
   */
  private void advance(String peer, String tableId, long lastSeq) {
    PeerCursorEntity cursor = PeerCursorEntity.findById(peer);
    if (cursor == null) {
      cursor = new PeerCursorEntity();
      cursor.peer = peer;
    }
    cursor.tableId = tableId;
    cursor.lastSeq = lastSeq;
    cursor.updatedAt = clock.instant();
    cursor.persist();
  }

  private Map<String, Link> allLinks() {
    List<LinkEntity> all = LinkEntity.listAll();
    return all.stream()
        .map(LinkEntity::toLink)
        .collect(
            Collectors.toMap(
                Link::address, Function.identity(), (a, b) -> a, java.util.LinkedHashMap::new));
  }

  private Optional<RoutingMessage> parse(BundleMessage message) {
    if (message.hash() == null || !Validation.isHash(message.hash()) || message.amount() == null) {
      return Optional.empty();
    }
    try {
      BigDecimal amount = new BigDecimal(message.amount());
      if (Amounts.refusal(amount).isPresent()) {
        return Optional.empty();
      }
      return Optional.of(new RoutingMessage(message.hash(), amount, message.ttl()));
    } catch (NumberFormatException malformed) {
      return Optional.empty();
    }
  }

  private void lock() {
    TransactionLocks.hold(entities, LockKey.of(lockKey));
  }
}
