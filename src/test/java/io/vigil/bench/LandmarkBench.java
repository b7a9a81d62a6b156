package io.vigil.bench;

import io.vigil.router.landmark.Contact;
import io.vigil.router.landmark.HostedUsers;
import io.vigil.router.landmark.InMemoryLandmarkStore;
import io.vigil.router.landmark.LandmarkExchange;
import io.vigil.router.landmark.PropagationRule;
import io.vigil.testsupport.SmallWorld;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Convergence of landmark routing for 1,000 hosted users on one server in a small-world trust graph
 * (Watts-Strogatz: ring of degree 4, 10% of links rewired, seeded). Runs the production exchange
 * engine over the in-memory store and ends windows back to back, so the figures are protocol
 * figures (windows, messages, rows) plus the compute time per window; PostgreSQL writes are not
 * part of it.
 */
class LandmarkBench {

  private static final int USERS = 1_000;
  private static final int DEGREE = 4;
  private static final double REWIRE = 0.1;
  private static final long SEED = 20_261_122L;
  private static final long WINDOW_SECONDS = 30;

  private record Run(
      int maxHops,
      int windows,
      long messages,
      long entries,
      long rows,
      double medianRowsPerUser,
      long maxRowsPerUser,
      double computeSeconds,
      double medianWindowMillis) {}

  @Test
  void convergenceOfAThousandUsersInASmallWorldGraph() {
    List<Set<Integer>> graph = SmallWorld.of(USERS, DEGREE, REWIRE, new Random(SEED), TreeSet::new);
    int diameter = diameter(graph);
    long links = graph.stream().mapToLong(Set::size).sum() / 2;
    List<Run> runs = new ArrayList<>();
    for (int maxHops = 2; maxHops <= 6; maxHops++) {
      Run run = converge(graph, maxHops);
      runs.add(run);
      if (run.computeSeconds() > 40 || run.rows() > 4_000_000) {
        break; // the next hop limit would not fit the bench's time and memory budget
      }
    }
    StringBuilder md = new StringBuilder();
    md.append("## Landmark routing: convergence\n\n")
        .append(USERS)
        .append(" hosted users on one server, small-world trust graph (ring of degree ")
        .append(DEGREE)
        .append(", ")
        .append((int) (REWIRE * 100))
        .append("% of links rewired, seed ")
        .append(SEED)
        .append("): ")
        .append(links)
        .append(" trustlines, diameter ")
        .append(diameter)
        .append(". The production exchange engine over the in-memory store; windows are ended back")
        .append(" to back. Protocol time is windows × the 30 s default window. The limit a run is")
        .append(" held to is the lower bound of min(max hops, diameter) + 1 windows: one hop per")
        .append(" window, then one quiet window.\n\n")
        .append(
            "| max hops | windows until quiet | lower bound | protocol time | compute time |"
                + " median window | messages | entries | rows | rows per user (median / max) |\n")
        .append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (Run run : runs) {
      md.append(
          String.format(
              "| %d | %d | %d | %d s | %.2f s | %.1f ms | %,d | %,d | %,d | %.0f / %d |%n",
              run.maxHops(),
              run.windows(),
              Math.min(run.maxHops(), diameter) + 1,
              run.windows() * WINDOW_SECONDS,
              run.computeSeconds(),
              run.medianWindowMillis(),
              run.messages(),
              run.entries(),
              run.rows(),
              run.medianRowsPerUser(),
              run.maxRowsPerUser()));
    }
    md.append(
        "\nRows grow roughly with the number of (landmark, approach) pairs within max hops, times"
            + " the contacts that announce them; the default `vigil.landmark.max-hops` is 6.\n");
    BenchReport.section("landmark-convergence", md.toString());
    System.out.println(md);
  }

  private Run converge(List<Set<Integer>> graph, int maxHops) {
    InMemoryLandmarkStore store = new InMemoryLandmarkStore();
    LandmarkExchange exchange =
        new LandmarkExchange(store, new PropagationRule(maxHops), 1000, Integer.MAX_VALUE);
    HostedUsers users = new HostedUsers(store, Long.MAX_VALUE, Integer.MAX_VALUE);
    Random random = new Random(SEED + maxHops);
    for (int user = 0; user < USERS; user++) {
      users.addUser(name(user));
    }
    for (int a = 0; a < USERS; a++) {
      for (int b : graph.get(a)) {
        if (b < a) {
          continue;
        }
        long trustAb = 5 + random.nextInt(96);
        long trustBa = 5 + random.nextInt(96);
        long debt = -trustAb + 1 + random.nextInt((int) (trustAb + trustBa - 1));
        users.putContact(
            new Contact(
                name(a), name(b), null, new Contact.Trustline(trustAb, trustBa, debt, 0, 0)));
        users.putContact(
            new Contact(
                name(b), name(a), null, new Contact.Trustline(trustBa, trustAb, -debt, 0, 0)));
      }
    }
    long messages = 0;
    long entries = 0;
    int windows = 0;
    List<Double> windowMillis = new ArrayList<>();
    long start = System.nanoTime();
    while (true) {
      long windowStart = System.nanoTime();
      LandmarkExchange.Window window = exchange.flush();
      windowMillis.add((System.nanoTime() - windowStart) / 1e6);
      windows++;
      messages += window.messages();
      entries += window.entries();
      if (window.messages() == 0 && store.pendingCount() == 0) {
        break;
      }
      if (windows > 4 * maxHops + 10) {
        throw new AssertionError("no convergence after " + windows + " windows");
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long[] perUser = new long[USERS];
    for (int user = 0; user < USERS; user++) {
      perUser[user] = store.routes(name(user)).size();
    }
    long rows = Arrays.stream(perUser).sum();
    Arrays.sort(perUser);
    windowMillis.sort(Double::compare);
    return new Run(
        maxHops,
        windows,
        messages,
        entries,
        rows,
        (perUser[USERS / 2 - 1] + perUser[USERS / 2]) / 2.0,
        perUser[USERS - 1],
        seconds,
        windowMillis.get(windowMillis.size() / 2));
  }

  private static String name(int user) {
    return "u" + user;
  }

  private static int diameter(List<Set<Integer>> graph) {
    int diameter = 0;
    for (int source = 0; source < graph.size(); source++) {
      for (int hops : SmallWorld.distances(graph, source)) {
        diameter = Math.max(diameter, hops);
      }
    }
    return diameter;
  }
}
