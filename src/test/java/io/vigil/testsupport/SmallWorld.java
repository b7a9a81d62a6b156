package io.vigil.testsupport;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Seeded Watts-Strogatz small worlds over the nodes 0 to size - 1: a ring where each node links its
 * k nearest, each of those links rewired to a random other node with probability rewire.
 */
public final class SmallWorld {

  private SmallWorld() {}

  /**
   * Draws a graph from {@code random}; entry i holds the neighbours of node i. {@code sets} makes
   * each neighbour set, and so decides the order in which callers see a node's neighbours.
   */
  public static List<Set<Integer>> of(
      int size, int k, double rewire, Random random, Supplier<Set<Integer>> sets) {
    List<Set<Integer>> graph = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      graph.add(sets.get());
    }
    for (int i = 0; i < size; i++) {
      for (int step = 1; step <= k / 2; step++) {
        int target = (i + step) % size;
        if (random.nextDouble() < rewire) {
          int other;
          do {
            other = random.nextInt(size);
          } while (other == i || graph.get(i).contains(other));
          target = other;
        }
        graph.get(i).add(target);
        graph.get(target).add(i);
      }
    }
    return graph;
  }

  /** Hops from {@code from} to every node of {@code graph}; -1 for a node it cannot reach. */
  public static int[] distances(List<Set<Integer>> graph, int from) {
    int[] distance = new int[graph.size()];
    Arrays.fill(distance, -1);
    distance[from] = 0;
    ArrayDeque<Integer> queue = new ArrayDeque<>(List.of(from));
    while (!queue.isEmpty()) {
      int at = queue.poll();
      for (int next : graph.get(at)) {
        if (distance[next] < 0) {
          distance[next] = distance[at] + 1;
          queue.add(next);
        }
      }
    }
    return distance;
  }
}
