package io.vigil.router.landmark;

import java.util.List;

/**
 * One route in a ROUTING message, as the sender offers it to the receiver. An entry whose two
 * limits are both zero withdraws the sender's earlier entry for the same landmark and approach.
 *
 * @param landmark the node the route reaches
 * @param approach the last node before the landmark (the receiver itself for the sender's own
 *     landmark)
 * @param path from the sender to the landmark, both included
 * @param maxTo most the sender forwards from the receiver to the landmark
 * @param maxFrom most the sender forwards from the landmark to the receiver
 */
public record Entry(
    String landmark, String approach, List<String> path, Limit maxTo, Limit maxFrom) {

  public Entry {
    path = path == null ? List.of() : List.copyOf(path);
  }

  public Key key() {
    return new Key(landmark, approach);
  }

  public boolean isWithdrawal() {
    return maxTo.isZero() && maxFrom.isZero();
  }

  public Entry withdrawn() {
    return new Entry(landmark, approach, path, Limit.of(0), Limit.of(0));
  }

  /** What identifies an entry in the sender's announcements to one contact. */
  public record Key(String landmark, String approach) {}
}
