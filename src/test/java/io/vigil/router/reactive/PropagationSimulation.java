package io.vigil.router.reactive;

import io.vigil.testsupport.SmallWorld;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;

/**
 * An in-JVM network of routing servers running the real {@link ReactiveNode}/{@link RoutingRules}
 * on a simulated clock: each server flushes its queue every flush interval (at its own phase) and
 * polls its neighbours every poll interval (at its own phase), so a message cut at time t reaches a
 * neighbour at that neighbour's next poll. Topology: Watts-Strogatz small world (ring of n, each
 * linked to k nearest, each link rewired with probability p), seeded.
 */
public final class PropagationSimulation {

  /** Result of one origination. */
  public record Run(
      int origin, int eccentricity, double secondsToFarthest, int reached, long messages) {}

  private final int size;
  private final List<Set<Integer>> adjacency;
  private final long flushMillis;
  private final long pollMillis;
  private final Random random;

  public PropagationSimulation(
      int size, int k, double rewire, long flushMillis, long pollMillis, long seed) {
    this.size = size;
    this.flushMillis = flushMillis;
    this.pollMillis = pollMillis;
    this.random = new Random(seed);
    this.adjacency = SmallWorld.of(size, k, rewire, random, HashSet::new);
  }

  public int size() {
    return size;
  }

  /** Longest shortest path from {@code from}, in hops. */
  public int eccentricity(int from) {
    int[] distance = SmallWorld.distances(adjacency, from);
    int max = 0;
    for (int d : distance) {
      if (d < 0) {
        throw new IllegalStateException("graph is not connected");
      }
      max = Math.max(max, d);
    }
    return max;
  }

  public int diameter() {
    int max = 0;
    for (int i = 0; i < size; i++) {
      max = Math.max(max, eccentricity(i));
    }
    return max;
  }

  public int links() {
    return adjacency.stream().mapToInt(Set::size).sum() / 2;
  }

  /** Originates one payment at {@code origin} (from its light client) and runs to quiescence. */
  public Run originate(int origin, String hash) {
    RoutingRules rules =
        new RoutingRules(java.time.Duration.ofHours(1), java.time.Duration.ofHours(1));
    BigDecimal plenty = new BigDecimal("1000000");
    List<ReactiveNode> nodes = new ArrayList<>();
    long[] flushPhase = new long[size];
    long[] pollPhase = new long[size];
    Random fees = new Random(hash.hashCode());
    for (int i = 0; i < size; i++) {
      ReactiveNode node = new ReactiveNode(name(i), rules);
      for (int j : adjacency.get(i)) {
        FeePolicy fee = new FeePolicy(BigDecimal.ZERO, fees.nextInt(20_000));
        node.link(Link.server(name(j), fee, plenty, plenty));
      }
      node.link(Link.client("client-" + i, FeePolicy.percent("1"), plenty, plenty));
      nodes.add(node);
      flushPhase[i] = random.nextLong(flushMillis);
      pollPhase[i] = random.nextLong(pollMillis);
    }
    record Event(long at, int node, boolean flush, String from, RoutingMessage message) {}
    PriorityQueue<Event> events =
        new PriorityQueue<>(Comparator.comparingLong(Event::at).thenComparing(Event::flush));
    Map<Integer, Long> firstHeld = new HashMap<>();
    Set<Integer> flushScheduled = new HashSet<>();
    Instant epoch = Instant.parse("2026-01-01T00:00:00Z");
    nodes.get(origin).receive("client-" + origin, RoutingMessage.of(hash, "100", 32), epoch);
    firstHeld.put(origin, 0L);
    events.add(new Event(next(0, flushPhase[origin], flushMillis), origin, true, null, null));
    flushScheduled.add(origin);
    long messages = 0;
    while (!events.isEmpty()) {
      Event event = events.poll();
      ReactiveNode node = nodes.get(event.node());
      if (event.flush()) {
        flushScheduled.remove(event.node());
        for (Forward forward : node.flush()) {
          int to = index(forward.to());
          messages++;
          events.add(
              new Event(
                  next(event.at(), pollPhase[to], pollMillis),
                  to,
                  false,
                  node.address(),
                  new RoutingMessage(forward.hash(), forward.amount(), forward.ttl())));
        }
      } else {
        node.receive(event.from(), event.message(), epoch);
        firstHeld.putIfAbsent(event.node(), event.at());
        if (node.hasQueued() && flushScheduled.add(event.node())) {
          events.add(
              new Event(
                  next(event.at(), flushPhase[event.node()], flushMillis),
                  event.node(),
                  true,
                  null,
                  null));
        }
      }
    }
    long farthest = firstHeld.values().stream().mapToLong(Long::longValue).max().orElse(0);
    return new Run(origin, eccentricity(origin), farthest / 1000.0, firstHeld.size(), messages);
  }

  /** The first tick of a timer with this phase and period strictly after {@code t}. */
  private static long next(long t, long phase, long period) {
    long k = Math.floorDiv(t - phase, period) + 1;
    return phase + k * period;
  }

  private static String name(int i) {
    return "server-" + i;
  }

  private static int index(String name) {
    return Integer.parseInt(name.substring("server-".length()));
  }
}
