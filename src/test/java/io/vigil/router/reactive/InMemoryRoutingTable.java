package io.vigil.router.reactive;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A routing table in memory, for unit tests and the propagation simulation. */
public final class InMemoryRoutingTable implements RoutingTable {

  private final Map<String, RouteEntry> entries = new HashMap<>();
  private final Map<String, Forward> queue = new LinkedHashMap<>();

  @Override
  public Optional<RouteEntry> entry(String hash) {
    return Optional.ofNullable(entries.get(hash));
  }

  @Override
  public BigDecimal reserved(String nextHop, Instant now) {
    return entries.values().stream()
        .filter(entry -> entry.nextHop().equals(nextHop) && entry.reservedAt(now))
        .map(RouteEntry::payAmount)
        .reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  @Override
  public void put(RouteEntry entry, Instant now) {
    entries.put(entry.hash(), entry);
  }

  @Override
  public void enqueue(Forward forward, Instant now) {
    queue.put(forward.to() + "|" + forward.hash(), forward);
  }

  /** Releases the reservation of a completed payment. */
  public void remove(String hash) {
    entries.remove(hash);
  }

  /** Empties the queue, as cutting a bundle does. */
  public List<Forward> drain() {
    List<Forward> out = new ArrayList<>(queue.values());
    queue.clear();
    return out;
  }

  public boolean hasQueued() {
    return !queue.isEmpty();
  }
}
