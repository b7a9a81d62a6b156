package io.vigil.router.landmark.persistence;

import io.vigil.router.landmark.Contact;
import io.vigil.router.landmark.Entry;
import io.vigil.router.landmark.Limit;
import io.vigil.router.landmark.Route;
import java.util.Arrays;
import java.util.List;

/**
 * Turns the landmark tables' rows into contacts, routes and entries and back: a path is stored as
 * its nodes joined by commas, an unlimited capacity as null, a contact's terms as a kind and the
 * columns that kind uses.
 */
final class LandmarkRows {

  private LandmarkRows() {}

  /** A contact's terms as columns; those its kind does not use are null. */
  record Terms(
      String kind,
      Long trustGiven,
      Long trustReceived,
      Long debt,
      Long pendingOut,
      Long pendingIn,
      Long spendableOut,
      Long spendableIn) {}

  static Terms terms(Contact.Terms terms) {
    if (terms instanceof Contact.Trustline line) {
      return new Terms(
          "TRUSTLINE",
          line.trustGiven(),
          line.trustReceived(),
          line.debt(),
          line.pendingOut(),
          line.pendingIn(),
          null,
          null);
    }
    Contact.Channel channel = (Contact.Channel) terms;
    return new Terms(
        "CHANNEL", null, null, null, null, null, channel.spendableOut(), channel.spendableIn());
  }

  /**
   * A contact from a row of contact_id, server, kind, trust_given, trust_received, debt,
   * pending_out, pending_in, spendable_out, spendable_in, server_key.
   */
  static Contact contact(String user, Object[] row) {
    Contact.Terms terms =
        "TRUSTLINE".equals(row[2])
            ? new Contact.Trustline(
                asLong(row[3]), asLong(row[4]), asLong(row[5]), asLong(row[6]), asLong(row[7]))
            : new Contact.Channel(asLong(row[8]), asLong(row[9]));
    return new Contact(user, (String) row[0], (String) row[1], (String) row[10], terms);
  }

  /** A route from a row of landmark, approach, contact_id, max_to, max_from, path. */
  static Route route(String user, Object[] row) {
    return new Route(
        user,
        (String) row[0],
        (String) row[1],
        (String) row[2],
        Limit.ofNullable(asLong(row[3])),
        Limit.ofNullable(asLong(row[4])),
        splitPath((String) row[5]));
  }

  /** A sent entry from a row of landmark, approach, max_to, max_from, path. */
  static Entry entry(Object[] row) {
    return new Entry(
        (String) row[0],
        (String) row[1],
        splitPath((String) row[4]),
        Limit.ofNullable(asLong(row[2])),
        Limit.ofNullable(asLong(row[3])));
  }

  static String joinPath(List<String> path) {
    return String.join(",", path);
  }

  static List<String> splitPath(String path) {
    return Arrays.asList(path.split(","));
  }

  static Long column(Limit limit) {
    return limit.amount();
  }

  private static Long asLong(Object value) {
    return value == null ? null : ((Number) value).longValue();
  }
}
