package io.vigil.router.reactive;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An in-memory routing node: entry table, reservations and outgoing queue around {@link
 * RoutingRules}. The server keeps the same state in PostgreSQL ({@link RoutingCore}); this class
 * runs the identical rules for unit tests and the propagation simulation.
 */
public final class ReactiveNode {

  private final String address;
  private final RoutingRules rules;
  private final Map<String, Link> links = new LinkedHashMap<>();
  private final Map<String, RouteEntry> entries = new HashMap<>();
  private final Map<String, Forward> queue = new LinkedHashMap<>();

  public ReactiveNode(String address, RoutingRules rules) {
    this.address = address;
    this.rules = rules;
  }

  public String address() {
    return address;
  }

  public ReactiveNode link(Link link) {
    links.put(link.address(), link);
    return this;
  }

  public Collection<Link> links() {
    return links.values();
  }

  /** Processes one message from a neighbour (or an origination from a client link). */
  public Decision receive(String from, RoutingMessage message, Instant now) {
    Link link = links.get(from);
    if (link == null) {
      throw new IllegalArgumentException(address + " has no link to " + from);
    }
    Decision decision =
        rules.decide(
            message,
            link,
            Optional.ofNullable(entries.get(message.hash())),
            links.values(),
            reserved(from, now),
            now);
    if (decision instanceof Decision.Accepted accepted) {
      entries.put(message.hash(), accepted.entry());
      for (Forward forward : accepted.forwards()) {
        // a newer, lower offer for the same neighbour and hash supersedes the queued one
        queue.put(forward.to() + "|" + forward.hash(), forward);
      }
    }
    return decision;
  }

  /** Liquidity of our side of the link reserved by live routes through it. */
  public BigDecimal reserved(String linkAddress, Instant now) {
    return entries.values().stream()
        .filter(entry -> entry.nextHop().equals(linkAddress) && entry.reservedAt(now))
        .map(RouteEntry::payAmount)
        .reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  public Optional<RouteEntry> entry(String hash, Instant now) {
    return Optional.ofNullable(entries.get(hash)).filter(entry -> entry.liveAt(now));
  }

  /** Releases the reservation of a completed payment. */
  public void complete(String hash) {
    entries.remove(hash);
  }

  /** Empties the queue, as a flush that cuts a bundle does. */
  public List<Forward> flush() {
    List<Forward> out = new ArrayList<>(queue.values());
    queue.clear();
    return out;
  }

  public boolean hasQueued() {
    return !queue.isEmpty();
  }
}
