package io.vigil.router.landmark;

import java.util.List;

/** What the landmark routing API answers with; the JSON field names are the record components. */
public final class LandmarkViews {

  private LandmarkViews() {}

  /** A Vigil server's public identity. */
  public record ServerView(String address) {}

  /** A hosted user, the key that owns it, and its contacts. */
  public record UserView(String user, String key, List<ContactView> contacts) {}

  /** A contact with the capacities its terms give. */
  public record ContactView(
      String user,
      String contact,
      String server,
      String serverKey,
      Contact.Terms terms,
      long capacityOut,
      long capacityIn) {
    static ContactView of(Contact contact) {
      return new ContactView(
          contact.user(),
          contact.contact(),
          contact.server(),
          contact.serverKey(),
          contact.terms(),
          contact.capacityOut(),
          contact.capacityIn());
    }
  }

  /** The answer to an inbound ROUTING message. */
  public record ReceiptView(String outcome, int changedRows) {}
}
