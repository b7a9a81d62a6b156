package io.vigil.router.landmark;

import java.util.List;

/**
 * One row of a hosted user's routing table: contact {@code contact} announced that it can reach
 * {@code landmark}, arriving from {@code approach}, along {@code path}.
 *
 * @param user the table owner
 * @param landmark the node the route reaches
 * @param approach the last node before the landmark
 * @param contact the contact that announced the route (the first hop, which is not part of the
 *     limits)
 * @param maxTo most the contact will forward from the user to the landmark
 * @param maxFrom most the contact will forward from the landmark to the user
 * @param path the announced path, from the contact to the landmark, both included
 */
public record Route(
    String user,
    String landmark,
    String approach,
    String contact,
    Limit maxTo,
    Limit maxFrom,
    List<String> path) {

  public Route {
    path = List.copyOf(path);
  }

  public Key key() {
    return new Key(landmark, approach, contact);
  }

  /** A row's identity within one user's table. */
  public record Key(String landmark, String approach, String contact) {}
}
