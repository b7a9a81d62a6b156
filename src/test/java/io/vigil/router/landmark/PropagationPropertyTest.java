package io.vigil.router.landmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * Random small graphs run through the exchange, each checked against an independent brute-force
 * search over every simple path of the graph.
 */
class PropagationPropertyTest {

  private static final int MAX_HOPS = 4;

  /** A random connected-or-not graph with strictly positive capacities both ways on every link. */
  private record Graph(List<String> nodes, Map<String, Map<String, Contact.Terms>> links) {

    static Graph random(Random random) {
      int size = 3 + random.nextInt(5);
      List<String> nodes = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        nodes.add("n" + i);
      }
      Map<String, Map<String, Contact.Terms>> links = new TreeMap<>();
      nodes.forEach(node -> links.put(node, new TreeMap<>()));
      double density = 0.3 + random.nextDouble() * 0.5;
      for (int i = 0; i < size; i++) {
        for (int j = i + 1; j < size; j++) {
          if (random.nextDouble() >= density) {
            continue;
          }
          String a = nodes.get(i);
          String b = nodes.get(j);
          if (random.nextBoolean()) {
            long trustAtoB = 1 + random.nextInt(20);
            long trustBtoA = 1 + random.nextInt(20);
            // a's net debt to b, strictly inside (-trust a gives, trust b gives): capacities > 0
            long debt = -trustAtoB + 1 + random.nextInt((int) (trustAtoB + trustBtoA - 1));
            links.get(a).put(b, new Contact.Trustline(trustAtoB, trustBtoA, debt, 0, 0));
            links.get(b).put(a, new Contact.Trustline(trustBtoA, trustAtoB, -debt, 0, 0));
          } else {
            long spendA = 1 + random.nextInt(20);
            long spendB = 1 + random.nextInt(20);
            links.get(a).put(b, new Contact.Channel(spendA, spendB));
            links.get(b).put(a, new Contact.Channel(spendB, spendA));
          }
        }
      }
      return new Graph(nodes, links);
    }

    /** cap(from → to), read straight from the generated terms. */
    long capacity(String from, String to) {
      Contact.Terms terms = links.get(from).get(to);
      if (terms instanceof Contact.Trustline line) {
        return line.trustReceived() - line.debt() - line.pendingOut();
      }
      return ((Contact.Channel) terms).spendableOut();
    }

    boolean linked(String a, String b) {
      return links.get(a).containsKey(b);
    }
  }

  /** The servers' shared state for one graph: its users hosted and their contacts added. */
  private record Network(
      InMemoryLandmarkStore store, LandmarkExchange exchange, HostedUsers users) {

    static Network of(Graph graph) {
      InMemoryLandmarkStore store = new InMemoryLandmarkStore();
      Network network =
          new Network(
              store,
              new LandmarkExchange(store, new PropagationRule(MAX_HOPS), 1000, Integer.MAX_VALUE),
              new HostedUsers(store, Long.MAX_VALUE, Integer.MAX_VALUE));
      setUp(graph, network.users());
      return network;
    }

    /** Ends windows until nothing is left to announce; the number of windows it took. */
    int runUntilQuiet(int bound) {
      for (int window = 1; window <= bound; window++) {
        if (exchange.flush().messages() == 0 && store.pendingCount() == 0) {
          return window;
        }
      }
      throw new AssertionError("the exchange did not go quiet within " + bound + " windows");
    }
  }

  private static void setUp(Graph graph, HostedUsers users) {
    graph.nodes().forEach(users::addUser);
    graph
        .links()
        .forEach(
            (user, contacts) ->
                contacts.forEach(
                    (contact, terms) ->
                        assertThat(users.putContact(new Contact(user, contact, null, terms)))
                            .isInstanceOf(HostedUsers.Change.Done.class)));
  }

  /** Shortest simple route length per (landmark, approach), for routes that start at user. */
  private static Map<List<String>, Integer> bruteForceShortest(Graph graph, String user) {
    Map<List<String>, Integer> shortest = new HashMap<>();
    List<String> path = new ArrayList<>(List.of(user));
    search(graph, path, shortest);
    return shortest;
  }

  private static void search(Graph graph, List<String> path, Map<List<String>, Integer> shortest) {
    String here = path.get(path.size() - 1);
    int hops = path.size() - 1;
    if (hops >= 1) {
      String approach = path.get(path.size() - 2);
      shortest.merge(List.of(here, approach), hops, Math::min);
    }
    // a cycle back to the start: the user's own landmark, reached from `here`
    String start = path.get(0);
    if (hops >= 2 && hops + 1 <= MAX_HOPS && graph.linked(here, start)) {
      shortest.merge(List.of(start, here), hops + 1, Math::min);
    }
    if (hops == MAX_HOPS) {
      return;
    }
    for (String next : graph.links().get(here).keySet()) {
      if (!path.contains(next)) {
        path.add(next);
        search(graph, path, shortest);
        path.remove(path.size() - 1);
      }
    }
  }

  /** Checks that a row's path is a real simple path and its limits are the minima along it. */
  private static void assertRowMatchesGraph(Graph graph, Route row) {
    List<String> full = new ArrayList<>(List.of(row.user()));
    full.addAll(row.path());
    assertThat(row.path().get(0)).isEqualTo(row.contact());
    assertThat(row.path().get(row.path().size() - 1)).isEqualTo(row.landmark());
    assertThat(full.get(full.size() - 2)).isEqualTo(row.approach());
    assertThat(full.subList(1, full.size() - 1)).doesNotHaveDuplicates().doesNotContain(row.user());
    assertThat(full.size() - 1).isLessThanOrEqualTo(MAX_HOPS);
    Limit maxTo = Limit.UNLIMITED;
    Limit maxFrom = Limit.UNLIMITED;
    for (int i = 0; i + 1 < full.size(); i++) {
      assertThat(graph.linked(full.get(i), full.get(i + 1)))
          .as("link %s-%s of %s", full.get(i), full.get(i + 1), row)
          .isTrue();
      if (i >= 1) { // the first hop is not part of a row
        maxTo = maxTo.min(Limit.of(graph.capacity(full.get(i), full.get(i + 1))));
        maxFrom = maxFrom.min(Limit.of(graph.capacity(full.get(i + 1), full.get(i))));
      }
    }
    assertThat(row.maxTo()).as("maxTo of %s", row).isEqualTo(maxTo);
    assertThat(row.maxFrom()).as("maxFrom of %s", row).isEqualTo(maxFrom);
  }

  @RepeatedTest(60)
  void shouldMatchBruteForcePathSearchWhenTheGraphIsRandom(RepetitionInfo repetition) {
    Random random = new Random(7_000L + repetition.getCurrentRepetition());
    Graph graph = Graph.random(random);
    Network network = Network.of(graph);
    InMemoryLandmarkStore store = network.store();

    int windows = network.runUntilQuiet(MAX_HOPS + 2);

    assertThat(windows).isLessThanOrEqualTo(MAX_HOPS + 2);
    for (Route row : store.allRoutes()) {
      assertRowMatchesGraph(graph, row);
    }
    for (String user : graph.nodes()) {
      Map<List<String>, Integer> table = new HashMap<>();
      for (Route row : store.routes(user).values()) {
        table.merge(List.of(row.landmark(), row.approach()), row.path().size(), Math::min);
      }
      assertThat(table)
          .as("shortest route per landmark and approach of %s", user)
          .isEqualTo(bruteForceShortest(graph, user));
    }
  }

  @RepeatedTest(30)
  void shouldFollowCapacityChangesAndGoQuietWhenPaymentsAreMade(RepetitionInfo repetition) {
    Random random = new Random(9_000L + repetition.getCurrentRepetition());
    Graph graph = Graph.random(random);
    Network network = Network.of(graph);
    HostedUsers users = network.users();
    network.runUntilQuiet(MAX_HOPS + 2);

    for (int payment = 0; payment < 5; payment++) {
      String from = graph.nodes().get(random.nextInt(graph.nodes().size()));
      List<String> contacts = new ArrayList<>(graph.links().get(from).keySet());
      if (contacts.isEmpty()) {
        continue;
      }
      String to = contacts.get(random.nextInt(contacts.size()));
      long room = graph.capacity(from, to);
      if (room == 0) {
        continue;
      }
      long amount = 1 + random.nextInt((int) room);
      assertThat(users.transfer(from, to, amount)).isInstanceOf(HostedUsers.Change.Done.class);
      assertThat(users.transfer(to, from, -amount)).isInstanceOf(HostedUsers.Change.Done.class);
      graph.links().get(from).put(to, graph.links().get(from).get(to).afterTransfer(amount));
      graph.links().get(to).put(from, graph.links().get(to).get(from).afterTransfer(-amount));
    }

    network.runUntilQuiet(3 * MAX_HOPS + 3);

    for (Route row : network.store().allRoutes()) {
      assertRowMatchesGraph(graph, row);
    }
  }
}
