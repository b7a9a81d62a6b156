package io.vigil.router.landmark;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Manages hosted users and their contacts, checking every change before it is written; a change of
 * capacity marks the user for re-announcement in the next window.
 */
public final class HostedUsers {

  /** User ids: letters, digits, dot, dash and underscore; a colon is kept for end-point names. */
  public static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private final LandmarkStore store;
  private final long maxUsers;
  private final int maxContactsPerUser;

  /**
   * @param maxUsers most users this server hosts ({@code vigil.landmark.max-users})
   * @param maxContactsPerUser most contacts of one user ({@code
   *     vigil.landmark.max-contacts-per-user})
   */
  public HostedUsers(LandmarkStore store, long maxUsers, int maxContactsPerUser) {
    this.store = store;
    this.maxUsers = maxUsers;
    this.maxContactsPerUser = maxContactsPerUser;
  }

  /** Adds a user; the outcome says whether it is new. A server that is full adds nobody. */
  public Change addUser(String user) {
    if (!USER_ID.matcher(user).matches()) {
      return new Change.Refused("user", "must match " + USER_ID.pattern());
    }
    if (store.hosts(user)) {
      return new Change.Done(false);
    }
    long hosted = store.countUsers();
    if (hosted >= maxUsers) {
      return new Change.Refused(
          "user",
          "this server hosts "
              + hosted
              + " users, its limit (vigil.landmark.max-users = "
              + maxUsers
              + ")");
    }
    return store.addUser(user) ? new Change.Done(true) : new Change.Done(false);
  }

  /** Adds or updates a contact of a hosted user. */
  public Change putContact(Contact contact) {
    if (!store.hosts(contact.user())) {
      return new Change.Unknown("user", "no hosted user " + contact.user());
    }
    if (!USER_ID.matcher(contact.contact()).matches()) {
      return new Change.Refused("contact", "must match " + USER_ID.pattern());
    }
    if (contact.contact().equals(contact.user())) {
      return new Change.Refused("contact", "a user cannot be its own contact");
    }
    if (contact.server() == null && !store.hosts(contact.contact())) {
      return new Change.Refused(
          "server", "required: " + contact.contact() + " is not hosted on this server");
    }
    if (contact.server() != null
        && !(contact.server().startsWith("http://") || contact.server().startsWith("https://"))) {
      return new Change.Refused("server", "must be an http(s) URL");
    }
    if (contact.server() == null && contact.serverKey() != null) {
      return new Change.Refused("serverKey", "only a contact on another server has one");
    }
    if (contact.server() != null
        && (contact.serverKey() == null
            || !ServerKeys.ADDRESS.matcher(contact.serverKey()).matches())) {
      return new Change.Refused(
          "serverKey", "required for a contact on another server: 0x and 40 lower-case hex digits");
    }
    Optional<Change> terms = check(contact.terms());
    if (terms.isPresent()) {
      return terms.get();
    }
    boolean created = store.contact(contact.user(), contact.contact()).isEmpty();
    if (created) {
      int contacts = store.countContacts(contact.user());
      if (contacts >= maxContactsPerUser) {
        return new Change.Refused(
            "contact",
            contact.user()
                + " has "
                + contacts
                + " contacts, the limit (vigil.landmark.max-contacts-per-user = "
                + maxContactsPerUser
                + ")");
      }
    }
    store.putContact(contact);
    store.markPending(contact.user());
    if (store.hosts(contact.contact())) {
      // The other side may have held back its announcements until this link had both sides.
      store.markPending(contact.contact());
    }
    return new Change.Done(created);
  }

  /**
   * Records a settled payment over a link: the user sent ({@code amount > 0}) or received ({@code
   * amount < 0}) value. Refused when the link cannot carry it.
   */
  public Change transfer(String user, String contactId, long amount) {
    if (!store.hosts(user)) {
      return new Change.Unknown("user", "no hosted user " + user);
    }
    Optional<Contact> contact = store.contact(user, contactId);
    if (contact.isEmpty()) {
      return new Change.Unknown("contact", "no contact " + contactId + " of " + user);
    }
    if (amount == 0) {
      return new Change.Refused("amount", "must not be zero");
    }
    if (amount > Contact.MAX_AMOUNT || amount < -Contact.MAX_AMOUNT) {
      return new Change.Refused("amount", "must be at most " + Contact.MAX_AMOUNT);
    }
    if (amount > 0 && amount > contact.get().capacityOut()) {
      return new Change.Refused(
          "amount", "exceeds what the link can carry (" + contact.get().capacityOut() + ")");
    }
    if (amount < 0 && -amount > contact.get().capacityIn()) {
      return new Change.Refused(
          "amount", "exceeds what the link can carry (" + contact.get().capacityIn() + ")");
    }
    store.putContact(contact.get().withTerms(contact.get().terms().afterTransfer(amount)));
    store.markPending(user);
    return new Change.Done(false);
  }

  public Change removeContact(String user, String contactId) {
    if (!store.hosts(user)) {
      return new Change.Unknown("user", "no hosted user " + user);
    }
    if (store.contact(user, contactId).isEmpty()) {
      return new Change.Unknown("contact", "no contact " + contactId + " of " + user);
    }
    store.removeContact(user, contactId);
    store.markPending(user);
    return new Change.Done(false);
  }

  /**
   * Refuses terms with a value out of range before any capacity is computed from them, so that the
   * capacities cannot overflow.
   */
  private static Optional<Change> check(Contact.Terms terms) {
    Optional<Change> range =
        switch (terms) {
          case Contact.Trustline line ->
              amount("trustGiven", line.trustGiven())
                  .or(() -> amount("trustReceived", line.trustReceived()))
                  .or(() -> debt(line.debt()))
                  .or(() -> amount("pendingOut", line.pendingOut()))
                  .or(() -> amount("pendingIn", line.pendingIn()));
          case Contact.Channel channel ->
              amount("spendableOut", channel.spendableOut())
                  .or(() -> amount("spendableIn", channel.spendableIn()));
        };
    if (range.isPresent()) {
      return range;
    }
    if (terms.capacityOut() < 0) {
      return refused("capacityOut", "negative capacity (" + terms.capacityOut() + ")");
    }
    if (terms.capacityIn() < 0) {
      return refused("capacityIn", "negative capacity (" + terms.capacityIn() + ")");
    }
    return Optional.empty();
  }

  private static Optional<Change> amount(String field, long value) {
    if (value < 0) {
      return refused(field, "must not be negative");
    }
    if (value > Contact.MAX_AMOUNT) {
      return refused(field, "must be at most " + Contact.MAX_AMOUNT);
    }
    return Optional.empty();
  }

  private static Optional<Change> debt(long value) {
    if (value > Contact.MAX_AMOUNT || value < -Contact.MAX_AMOUNT) {
      return refused(
          "debt", "must be between -" + Contact.MAX_AMOUNT + " and " + Contact.MAX_AMOUNT);
    }
    return Optional.empty();
  }

  private static Optional<Change> refused(String field, String reason) {
    return Optional.of(new Change.Refused(field, reason));
  }

  /** The outcome of a management change. */
  public sealed interface Change {
    /** Written; {@code created} when it did not exist before. */
    record Done(boolean created) implements Change {}

    /** The named user or contact does not exist. */
    record Unknown(String field, String reason) implements Change {}

    /** The request breaks a rule; nothing was written. */
    record Refused(String field, String reason) implements Change {}
  }
}
