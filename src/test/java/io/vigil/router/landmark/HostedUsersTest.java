package io.vigil.router.landmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Terms at and past the bounds that keep capacities exact. */
class HostedUsersTest {

  private static final long MAX = Contact.MAX_AMOUNT;

  private final InMemoryLandmarkStore store = new InMemoryLandmarkStore();
  private final HostedUsers users = new HostedUsers(store, Long.MAX_VALUE, Integer.MAX_VALUE);

  @BeforeEach
  void hostTwoUsers() {
    users.addUser("Alice");
    users.addUser("Bob");
  }

  private HostedUsers.Change put(Contact.Terms terms) {
    return users.putContact(new Contact("Alice", "Bob", null, terms));
  }

  @ParameterizedTest(name = "{5} refused")
  @CsvSource({
    // trustGiven, trustReceived, debt, pendingOut, pendingIn, field
    "0, 0, -9223372036854775808, 1, 1, debt",
    "0, 0, 9223372036854775807, 0, 0, debt",
    "10, 10, 1000000000000000001, 0, 0, debt",
    "10, 10, -1000000000000000001, 0, 0, debt",
    "9223372036854775807, 10, 0, 0, 0, trustGiven",
    "1000000000000000001, 10, 0, 0, 0, trustGiven",
    "10, 1000000000000000001, 0, 0, 0, trustReceived",
    "10, 10, 0, 1000000000000000001, 0, pendingOut",
    "10, 10, 0, 0, 9223372036854775807, pendingIn",
    "10, 10, 0, -1, 0, pendingOut",
  })
  void shouldRefuseATrustlineValueOutOfRangeAndStoreNothing(
      long trustGiven,
      long trustReceived,
      long debt,
      long pendingOut,
      long pendingIn,
      String field) {
    HostedUsers.Change change =
        put(new Contact.Trustline(trustGiven, trustReceived, debt, pendingOut, pendingIn));

    assertThat(change).isInstanceOf(HostedUsers.Change.Refused.class);
    assertThat(((HostedUsers.Change.Refused) change).field()).isEqualTo(field);
    assertThat(store.contacts("Alice")).isEmpty();
  }

  @Test
  void shouldRefuseAChannelBalanceOutOfRangeAndStoreNothing() {
    HostedUsers.Change change = put(new Contact.Channel(Long.MAX_VALUE, 0));

    assertThat(change)
        .isEqualTo(new HostedUsers.Change.Refused("spendableOut", "must be at most " + MAX));
    assertThat(put(new Contact.Channel(0, MAX + 1)))
        .isEqualTo(new HostedUsers.Change.Refused("spendableIn", "must be at most " + MAX));
    assertThat(store.contacts("Alice")).isEmpty();
  }

  @Test
  void shouldAcceptValuesAtTheBoundAndKeepCapacitiesExactThroughTransfers() {
    assertThat(put(new Contact.Trustline(MAX, MAX, -MAX, 0, 0)))
        .isInstanceOf(HostedUsers.Change.Done.class);
    assertThat(store.contact("Alice", "Bob").orElseThrow().capacityOut()).isEqualTo(2 * MAX);

    // Alice pays everything she can, then is paid it all back
    assertThat(users.transfer("Alice", "Bob", MAX)).isInstanceOf(HostedUsers.Change.Done.class);
    assertThat(users.transfer("Alice", "Bob", MAX)).isInstanceOf(HostedUsers.Change.Done.class);
    Contact after = store.contact("Alice", "Bob").orElseThrow();
    assertThat(after.terms()).isEqualTo(new Contact.Trustline(MAX, MAX, MAX, 0, 0));
    assertThat(after.capacityOut()).isZero();
    assertThat(after.capacityIn()).isEqualTo(2 * MAX);
    assertThat(users.transfer("Alice", "Bob", 1)).isInstanceOf(HostedUsers.Change.Refused.class);
    assertThat(users.transfer("Alice", "Bob", -MAX)).isInstanceOf(HostedUsers.Change.Done.class);
    assertThat(users.transfer("Alice", "Bob", -MAX)).isInstanceOf(HostedUsers.Change.Done.class);
    assertThat(store.contact("Alice", "Bob").orElseThrow().terms())
        .isEqualTo(new Contact.Trustline(MAX, MAX, -MAX, 0, 0));
  }

  @Test
  void shouldRefuseATransferBeyondTheBoundWithoutTouchingTheLink() {
    put(new Contact.Trustline(MAX, MAX, 0, 0, 0));
    Map<String, Contact> before = store.contacts("Alice");

    assertThat(users.transfer("Alice", "Bob", Long.MIN_VALUE))
        .isEqualTo(new HostedUsers.Change.Refused("amount", "must be at most " + MAX));
    assertThat(users.transfer("Alice", "Bob", Long.MAX_VALUE))
        .isEqualTo(new HostedUsers.Change.Refused("amount", "must be at most " + MAX));
    assertThat(store.contacts("Alice")).isEqualTo(before);
  }

  @Test
  void shouldRequireAPinnedServerKeyExactlyForContactsOnAnotherServer() {
    Contact.Terms terms = new Contact.Channel(1, 1);
    String key = "0x" + "ab".repeat(20);

    assertThat(users.putContact(new Contact("Alice", "Dave", "https://vigil-d.example", terms)))
        .isEqualTo(
            new HostedUsers.Change.Refused(
                "serverKey",
                "required for a contact on another server: 0x and 40 lower-case hex digits"));
    assertThat(
            users.putContact(
                new Contact(
                    "Alice", "Dave", "https://vigil-d.example", "0x" + "AB".repeat(20), terms)))
        .isInstanceOf(HostedUsers.Change.Refused.class);
    assertThat(users.putContact(new Contact("Alice", "Bob", null, key, terms)))
        .isEqualTo(
            new HostedUsers.Change.Refused(
                "serverKey", "only a contact on another server has one"));
    assertThat(store.contacts("Alice")).isEmpty();

    assertThat(
            users.putContact(new Contact("Alice", "Dave", "https://vigil-d.example", key, terms)))
        .isEqualTo(new HostedUsers.Change.Done(true));
    assertThat(store.contact("Alice", "Dave").orElseThrow().serverKey()).isEqualTo(key);
  }

  @Test
  void shouldRefuseAUserNamingTheLimitAndAddNobodyWhenTheServerIsFull() {
    HostedUsers full = new HostedUsers(store, 2, 10);

    HostedUsers.Change change = full.addUser("Carol");

    assertThat(change)
        .isEqualTo(
            new HostedUsers.Change.Refused(
                "user", "this server hosts 2 users, its limit (vigil.landmark.max-users = 2)"));
    assertThat(store.hosts("Carol")).isFalse();
    assertThat(full.addUser("Alice")).isEqualTo(new HostedUsers.Change.Done(false));
  }

  @Test
  void shouldRefuseANewContactNamingTheLimitButUpdateAnExistingOneWhenTheUserIsFull() {
    HostedUsers capped = new HostedUsers(store, 10, 1);
    Contact bob = new Contact("Alice", "Bob", null, new Contact.Channel(5, 5));
    assertThat(capped.putContact(bob)).isEqualTo(new HostedUsers.Change.Done(true));

    HostedUsers.Change refused =
        capped.putContact(
            new Contact(
                "Alice",
                "Dave",
                "https://elsewhere.example",
                "0x" + "ab".repeat(20),
                new Contact.Channel(1, 1)));

    assertThat(refused)
        .isEqualTo(
            new HostedUsers.Change.Refused(
                "contact",
                "Alice has 1 contacts, the limit (vigil.landmark.max-contacts-per-user = 1)"));
    assertThat(store.contacts("Alice")).containsOnlyKeys("Bob");
    assertThat(capped.putContact(bob.withTerms(new Contact.Channel(7, 7))))
        .isEqualTo(new HostedUsers.Change.Done(false));
  }
}
