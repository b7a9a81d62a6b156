package io.vigil.router.reactive;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An in-memory routing node: its links and an {@link InMemoryRoutingTable}, run through the same
 * {@link RoutingStep} as the server's {@link RoutingCore}, for unit tests and the propagation
 * simulation.
 */
public final class ReactiveNode {

  private final String address;
  private final RoutingStep step;
  private final Map<String, Link> links = new LinkedHashMap<>();
  private final InMemoryRoutingTable table = new InMemoryRoutingTable();

  public ReactiveNode(String address, RoutingRules rules) {
    this.address = address;
    this.step = new RoutingStep(rules);
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
    return step.receive(table, link, message, links.values(), now);
  }

  /** Liquidity of our side of the link reserved by live routes through it. */
  public BigDecimal reserved(String linkAddress, Instant now) {
    return table.reserved(linkAddress, now);
  }

  public Optional<RouteEntry> entry(String hash, Instant now) {
    return table.entry(hash).filter(entry -> entry.liveAt(now));
  }

  /** Releases the reservation of a completed payment. */
  public void complete(String hash) {
    table.remove(hash);
  }

  /** Empties the queue, as a flush that cuts a bundle does. */
  public List<Forward> flush() {
    return table.drain();
  }

  public boolean hasQueued() {
    return table.hasQueued();
  }
}
