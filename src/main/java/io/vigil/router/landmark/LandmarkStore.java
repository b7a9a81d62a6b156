package io.vigil.router.landmark;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where the hosted users' contacts, routing tables and announcement state are kept. Production
 * keeps them in PostgreSQL; the pure tests and the benchmark keep them in memory. Callers that need
 * atomicity run a whole exchange step inside one transaction.
 */
public interface LandmarkStore {

  boolean hosts(String user);

  /** Adds a hosted user; false when it already existed. */
  boolean addUser(String user);

  /** Sets the key (an address, lower case) whose holder owns a hosted user's data. */
  void setUserKey(String user, String key);

  /** The key of a hosted user; empty when it is not hosted or was hosted without one. */
  Optional<String> userKey(String user);

  /**
   * Hosted users on this server. The PostgreSQL store counts them under a lock held until the
   * transaction ends, so concurrent additions on every replica see each other.
   */
  long countUsers();

  /**
   * Contacts of a hosted user. The PostgreSQL store locks the user's row first, until the
   * transaction ends, so concurrent additions on every replica see each other.
   */
  int countContacts(String user);

  Map<String, Contact> contacts(String user);

  Optional<Contact> contact(String user, String contact);

  void putContact(Contact contact);

  /** Removes a contact with the rows it announced and what was sent to it. */
  void removeContact(String user, String contact);

  Map<Route.Key, Route> routes(String user);

  void putRoute(Route route);

  void deleteRoute(String user, Route.Key key);

  /** The entries last sent from user to contact, by key. */
  Map<Entry.Key, Entry> sent(String user, String contact);

  void putSent(String user, String contact, Entry entry);

  void deleteSent(String user, String contact, Entry.Key key);

  /** The next sequence number for a message from user to contact (starting at 1). */
  long nextSequence(String user, String contact);

  /** The highest sequence number received by user from contact (0 when none). */
  long receivedSequence(String user, String contact);

  void setReceivedSequence(String user, String contact, long sequence);

  /** Marks a user as having changes to announce in the next window. */
  void markPending(String user);

  /** The users with changes to announce, removed from the pending set. */
  Set<String> takePending();

  /** Number of users with changes to announce. */
  long pendingCount();

  /**
   * Queues a message for a contact on another server.
   *
   * @param serverKey that server's pinned address, which the signed message names as its receiver;
   *     null for a contact added before keys were pinned
   */
  void enqueueRemote(String server, String serverKey, RoutingMessage message);

  /** Queued remote messages, oldest first. */
  List<Queued> queued(int limit);

  void dequeue(long id);

  /** A ROUTING message waiting for delivery to another server, whose key is {@code serverKey}. */
  record Queued(long id, String server, String serverKey, RoutingMessage message) {}
}
