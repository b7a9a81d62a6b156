package io.vigil.router.landmark;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The landmark propagation rule: which entries a user accepts from a contact, and which entries it
 * announces to each contact, with limits restricted by the capacity of the link they came over.
 * Pure: it reads the user's contacts and rows and returns values.
 */
public final class PropagationRule {

  /** Among several rows for one landmark and approach, the one announced: shortest, then widest. */
  static final Comparator<Entry> PREFERENCE =
      Comparator.<Entry>comparingInt(entry -> entry.path().size())
          .thenComparing(Entry::maxTo, Comparator.reverseOrder())
          .thenComparing(Entry::maxFrom, Comparator.reverseOrder())
          .thenComparing(entry -> String.join("\u0000", entry.path()));

  private final int maxHops;

  public PropagationRule(int maxHops) {
    if (maxHops < 1) {
      throw new IllegalArgumentException("maxHops must be at least 1");
    }
    this.maxHops = maxHops;
  }

  public int maxHops() {
    return maxHops;
  }

  /**
   * Checks one entry that {@code from} sent to {@code user}; empty when it is acceptable, else the
   * field (relative to the entry) and the reason.
   */
  public Optional<Refusal> check(String user, String from, Entry entry) {
    if (entry.landmark() == null || entry.landmark().isBlank()) {
      return Optional.of(new Refusal("landmark", "missing"));
    }
    if (entry.approach() == null || entry.approach().isBlank()) {
      return Optional.of(new Refusal("approach", "missing"));
    }
    if (entry.maxTo() == null) {
      return Optional.of(new Refusal("maxTo", "missing"));
    }
    if (entry.maxFrom() == null) {
      return Optional.of(new Refusal("maxFrom", "missing"));
    }
    List<String> path = entry.path();
    if (path.isEmpty()) {
      return Optional.of(new Refusal("path", "missing"));
    }
    if (path.size() > maxHops) {
      return Optional.of(new Refusal("path", "longer than " + maxHops + " hops"));
    }
    if (!from.equals(path.get(0))) {
      return Optional.of(new Refusal("path", "must start with the sender " + from));
    }
    if (!entry.landmark().equals(path.get(path.size() - 1))) {
      return Optional.of(new Refusal("path", "must end with the landmark"));
    }
    if (path.stream().anyMatch(node -> node == null || node.isBlank())) {
      return Optional.of(new Refusal("path", "contains an empty node"));
    }
    if (new HashSet<>(path).size() != path.size()) {
      return Optional.of(new Refusal("path", "visits a node twice"));
    }
    if (path.subList(0, path.size() - 1).contains(user)) {
      return Optional.of(new Refusal("path", "already passes through the receiver"));
    }
    String expectedApproach = path.size() == 1 ? user : path.get(path.size() - 2);
    if (!expectedApproach.equals(entry.approach())) {
      return Optional.of(
          new Refusal("approach", "must be " + expectedApproach + ", the last node before it"));
    }
    return Optional.empty();
  }

  /** Turns an accepted entry into the receiver's row; empty for a withdrawal. */
  public Optional<Route> row(String user, String from, Entry entry) {
    if (entry.isWithdrawal()) {
      return Optional.empty();
    }
    return Optional.of(
        new Route(
            user,
            entry.landmark(),
            entry.approach(),
            from,
            entry.maxTo(),
            entry.maxFrom(),
            entry.path()));
  }

  /**
   * Everything {@code user} announces to contact {@code to}: its own landmark (reached over the
   * link to {@code to}, unlimited) and, per landmark and approach, its preferred row that did not
   * come from {@code to} and does not pass through {@code to}, with maxTo' = min(maxTo,
   * cap(user→contact)) and maxFrom' = min(maxFrom, cap(contact→user)). Rows whose landmark is the
   * user itself are kept, never forwarded. Entries whose limits both fall to zero are left out.
   */
  public Map<Entry.Key, Entry> announcements(
      String user, Map<String, Contact> contacts, Collection<Route> rows, String to) {
    Map<Entry.Key, Entry> chosen = new HashMap<>();
    Entry own = new Entry(user, to, List.of(user), Limit.UNLIMITED, Limit.UNLIMITED);
    chosen.put(own.key(), own);
    for (Route row : rows) {
      if (row.landmark().equals(user) || row.contact().equals(to)) {
        continue;
      }
      List<String> path = row.path();
      if (path.size() + 1 > maxHops || path.subList(0, path.size() - 1).contains(to)) {
        continue;
      }
      Contact via = contacts.get(row.contact());
      if (via == null) {
        continue;
      }
      Limit maxTo = row.maxTo().min(Limit.of(Math.max(0, via.capacityOut())));
      Limit maxFrom = row.maxFrom().min(Limit.of(Math.max(0, via.capacityIn())));
      if (maxTo.isZero() && maxFrom.isZero()) {
        continue;
      }
      List<String> forwarded = new ArrayList<>(path.size() + 1);
      forwarded.add(user);
      forwarded.addAll(path);
      Entry entry = new Entry(row.landmark(), row.approach(), forwarded, maxTo, maxFrom);
      chosen.merge(entry.key(), entry, (a, b) -> PREFERENCE.compare(a, b) <= 0 ? a : b);
    }
    return chosen;
  }

  /** The entries to send: new or changed ones, and withdrawals of ones no longer announced. */
  public List<Entry> changes(Map<Entry.Key, Entry> wanted, Map<Entry.Key, Entry> sent) {
    List<Entry> changed = new ArrayList<>();
    for (Entry entry : wanted.values()) {
      if (!entry.equals(sent.get(entry.key()))) {
        changed.add(entry);
      }
    }
    Set<Entry.Key> gone = new HashSet<>(sent.keySet());
    gone.removeAll(wanted.keySet());
    for (Entry.Key key : gone) {
      changed.add(sent.get(key).withdrawn());
    }
    changed.sort(
        Comparator.comparing((Entry entry) -> entry.landmark()).thenComparing(Entry::approach));
    return changed;
  }

  /** Why an entry was refused: the field within the entry and the reason. */
  public record Refusal(String field, String reason) {}
}
