package io.vigil.router.landmark;

import io.vigil.core.api.ProblemException;
import java.util.ArrayList;
import java.util.List;

/**
 * What callers send to the landmark routing API, and how each body is read into the domain: a
 * malformed field is refused as a problem naming that field.
 */
public final class LandmarkBodies {

  private LandmarkBodies() {}

  /** Hosting a user: the address whose holder owns its data. */
  public record UserBody(String key) {}

  /**
   * An inbound ROUTING message as sent on the wire, with the sending server's address and its
   * signature (see {@link RoutingSignatures}). Limits are read here rather than by the JSON mapper,
   * so a malformed one is refused with its exact field.
   */
  public record RoutingBody(
      String server,
      String from,
      String to,
      Long sequence,
      List<EntryBody> entries,
      String signature) {

    RoutingMessage message() {
      if (server == null || server.isBlank()) {
        throw ProblemException.invalidField("server", "missing");
      }
      if (!ServerKeys.ADDRESS.matcher(server).matches()) {
        throw ProblemException.invalidField("server", "must be 0x and 40 lower-case hex digits");
      }
      if (signature == null || signature.isBlank()) {
        throw ProblemException.invalidField("signature", "missing");
      }
      if (from == null || from.isBlank()) {
        throw ProblemException.invalidField("from", "missing");
      }
      if (to == null || to.isBlank()) {
        throw ProblemException.invalidField("to", "missing");
      }
      userId(from, "from");
      userId(to, "to");
      if (sequence == null) {
        throw ProblemException.invalidField("sequence", "missing");
      }
      if (entries == null) {
        throw ProblemException.invalidField("entries", "missing");
      }
      List<Entry> parsed = new ArrayList<>(entries.size());
      for (int i = 0; i < entries.size(); i++) {
        EntryBody entry = entries.get(i);
        String prefix = "entries[" + i + "].";
        if (entry == null) {
          throw ProblemException.invalidField("entries[" + i + "]", "missing");
        }
        if (entry.path() != null && entry.path().contains(null)) {
          throw ProblemException.invalidField(prefix + "path", "contains an empty node");
        }
        if (entry.landmark() != null) {
          userId(entry.landmark(), prefix + "landmark");
        }
        if (entry.approach() != null) {
          userId(entry.approach(), prefix + "approach");
        }
        if (entry.path() != null) {
          for (int node = 0; node < entry.path().size(); node++) {
            userId(entry.path().get(node), prefix + "path[" + node + "]");
          }
        }
        parsed.add(
            new Entry(
                entry.landmark(),
                entry.approach(),
                entry.path(),
                limit(entry.maxTo(), prefix + "maxTo"),
                limit(entry.maxFrom(), prefix + "maxFrom")));
      }
      return new RoutingMessage(from, to, sequence, parsed);
    }

    /**
     * Every node a ROUTING message names is a user id as this server registers them: anything else
     * (a NUL, which PostgreSQL refuses in text, or an id no server could host) is refused before
     * any lookup.
     */
    private static void userId(String id, String field) {
      if (!HostedUsers.USER_ID.matcher(id).matches()) {
        throw ProblemException.invalidField(field, "must match " + HostedUsers.USER_ID.pattern());
      }
    }

    private static Limit limit(Object json, String field) {
      if (json == null) {
        throw ProblemException.invalidField(field, "missing");
      }
      return Limit.parse(json)
          .orElseThrow(
              () ->
                  ProblemException.invalidField(
                      field, "must be a non-negative integer or \"unlimited\""));
    }
  }

  /** One entry of an inbound ROUTING message. */
  public record EntryBody(
      String landmark, String approach, List<String> path, Object maxTo, Object maxFrom) {}

  /** A settled payment over a link: the user SENT or RECEIVED {@code amount}. */
  public record TransferBody(Long amount, Direction direction) {
    /** Which way the value went, seen from the user. */
    public enum Direction {
      SENT,
      RECEIVED
    }
  }

  /** A top-up request: the user wants to pay {@code amount} to {@code contact}. */
  public record TopUpBody(String contact, Long amount, String hashLock) {}

  /**
   * A contact's terms. {@code kind} TRUSTLINE needs trustGiven and trustReceived (debt, pendingOut
   * and pendingIn default to 0); CHANNEL needs spendableOut and spendableIn. A contact on another
   * server may name the key its server signs with ({@code serverKey}); without it the key is
   * fetched from that server once and pinned.
   */
  public record ContactBody(
      String server,
      String serverKey,
      String kind,
      Long trustGiven,
      Long trustReceived,
      Long debt,
      Long pendingOut,
      Long pendingIn,
      Long spendableOut,
      Long spendableIn) {

    Contact.Terms terms() {
      if ("TRUSTLINE".equals(kind)) {
        return new Contact.Trustline(
            required(trustGiven, "trustGiven"),
            required(trustReceived, "trustReceived"),
            debt == null ? 0 : debt,
            pendingOut == null ? 0 : pendingOut,
            pendingIn == null ? 0 : pendingIn);
      }
      if ("CHANNEL".equals(kind)) {
        return new Contact.Channel(
            required(spendableOut, "spendableOut"), required(spendableIn, "spendableIn"));
      }
      throw ProblemException.invalidField("kind", "must be TRUSTLINE or CHANNEL");
    }
  }

  /** {@code value}, refused as missing when null. */
  static <T> T required(T value, String field) {
    if (value == null) {
      throw ProblemException.invalidField(field, "missing");
    }
    return value;
  }

  /** {@code value}, refused unless it is a positive integer. */
  static long positive(Long value, String field) {
    if (value == null || value <= 0) {
      throw ProblemException.invalidField(field, "must be a positive integer");
    }
    return value;
  }
}
