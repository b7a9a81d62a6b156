package io.vigil.router.landmark;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Plans a circular top-up: when a user's link to a contact lacks room for an intended payment, it
 * finds a cycle that leaves through another contact and comes back over that link, using the user's
 * routing table, and applies the first-hop limit on the fly.
 */
public final class TopUpPlanner {

  /**
   * Plans a top-up so that {@code user} can pay {@code payment} to {@code target}.
   *
   * @param contacts the user's contacts
   * @param rows the user's routing table
   */
  public TopUpPlan plan(
      String user,
      String target,
      long payment,
      String hashLock,
      Map<String, Contact> contacts,
      Collection<Route> rows) {
    Contact receiving = contacts.get(target);
    long available = Math.max(0, receiving.capacityOut());
    long needed = payment - available;
    if (needed <= 0) {
      return new TopUpPlan.NotNeeded(available);
    }
    long roomBack = Math.max(0, receiving.capacityIn());
    List<Candidate> candidates = new ArrayList<>();
    for (Route row : rows) {
      if (!row.landmark().equals(user)
          || !row.approach().equals(target)
          || row.contact().equals(target)) {
        continue;
      }
      // A cycle through the user's own landmark, arriving over the link to the target: the row's
      // maxTo already covers every hop after the first, the last one (target → user) included.
      Contact first = contacts.get(row.contact());
      if (first == null) {
        continue;
      }
      List<String> cycle = startingAt(user, row.path());
      long limit = min(first.capacityOut(), row.maxTo());
      candidates.add(
          new Candidate(row.contact(), List.of(user + ":" + target, target), cycle, limit));
    }
    for (Route out : rows) {
      if (out.landmark().equals(user) || out.contact().equals(target)) {
        continue;
      }
      for (Route back : rows) {
        if (!back.contact().equals(target) || !back.landmark().equals(out.landmark())) {
          continue;
        }
        // Out to the landmark through one contact, back from it through the target.
        Set<String> outNodes = new HashSet<>(out.path().subList(0, out.path().size() - 1));
        List<String> backward = new ArrayList<>(back.path().subList(0, back.path().size() - 1));
        if (backward.stream().anyMatch(outNodes::contains)) {
          continue;
        }
        Contact first = contacts.get(out.contact());
        if (first == null) {
          continue;
        }
        List<String> cycle = startingAt(user, out.path());
        java.util.Collections.reverse(backward);
        cycle.addAll(backward);
        cycle.add(user);
        long limit =
            Math.min(
                Math.min(first.capacityOut(), roomBack),
                Math.min(cap(out.maxTo()), cap(back.maxFrom())));
        candidates.add(
            new Candidate(
                out.contact(), List.of(user + ":" + target, target, out.landmark()), cycle, limit));
      }
    }
    Optional<Candidate> best =
        candidates.stream()
            .max(
                Comparator.comparingLong(Candidate::limit)
                    .thenComparing(candidate -> -candidate.cycle().size())
                    .thenComparing(
                        candidate -> String.join(",", candidate.cycle()),
                        Comparator.reverseOrder()));
    if (best.isEmpty()) {
      return new TopUpPlan.NoPlan(
          available, needed, "no circular route back over the link to " + target + " is known");
    }
    if (best.get().limit() < needed) {
      return new TopUpPlan.NoPlan(
          available,
          needed,
          "the widest circular route ("
              + String.join(" -> ", best.get().cycle())
              + ") carries only "
              + best.get().limit());
    }
    Candidate chosen = best.get();
    TopUpPlan.Proposal proposal =
        new TopUpPlan.Proposal(user, chosen.first(), needed, hashLock, chosen.landmarks());
    return new TopUpPlan.Planned(available, needed, proposal, chosen.cycle(), chosen.limit());
  }

  /** A new, growable cycle: {@code user}, then the nodes of {@code path}. */
  private static List<String> startingAt(String user, List<String> path) {
    List<String> cycle = new ArrayList<>();
    cycle.add(user);
    cycle.addAll(path);
    return cycle;
  }

  private static long min(long capacity, Limit limit) {
    return Math.max(0, Math.min(capacity, cap(limit)));
  }

  private static long cap(Limit limit) {
    return limit.isUnlimited() ? Long.MAX_VALUE : limit.amount();
  }

  private record Candidate(String first, List<String> landmarks, List<String> cycle, long limit) {}
}
