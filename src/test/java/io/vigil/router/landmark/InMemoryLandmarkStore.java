package io.vigil.router.landmark;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps the landmark state of many users in memory, for the pure tests and the benchmark. Not
 * thread-safe: one exchange step at a time.
 */
public final class InMemoryLandmarkStore implements LandmarkStore {

  private final Map<String, Map<String, Contact>> contacts = new HashMap<>();
  private final Map<String, Map<Route.Key, Route>> routes = new HashMap<>();
  private final Map<String, Map<Entry.Key, Entry>> sent = new HashMap<>();
  private final Map<String, Long> sentSequence = new HashMap<>();
  private final Map<String, Long> receivedSequence = new HashMap<>();
  private final Set<String> pending = new LinkedHashSet<>();
  private final Map<Long, Queued> queue = new LinkedHashMap<>();
  private long queueId;
  private final Map<String, String> keys = new HashMap<>();

  @Override
  public void setUserKey(String user, String key) {
    keys.put(user, key);
  }

  @Override
  public Optional<String> userKey(String user) {
    return Optional.ofNullable(keys.get(user));
  }

  private static String pair(String user, String contact) {
    return user + "\u0000" + contact;
  }

  @Override
  public boolean hosts(String user) {
    return contacts.containsKey(user);
  }

  @Override
  public boolean addUser(String user) {
    if (contacts.containsKey(user)) {
      return false;
    }
    contacts.put(user, new HashMap<>());
    routes.put(user, new HashMap<>());
    return true;
  }

  @Override
  public long countUsers() {
    return contacts.size();
  }

  @Override
  public int countContacts(String user) {
    return contacts.getOrDefault(user, Map.of()).size();
  }

  @Override
  public Map<String, Contact> contacts(String user) {
    return new HashMap<>(contacts.getOrDefault(user, Map.of()));
  }

  @Override
  public Optional<Contact> contact(String user, String contact) {
    return Optional.ofNullable(contacts.getOrDefault(user, Map.of()).get(contact));
  }

  @Override
  public void putContact(Contact contact) {
    contacts.get(contact.user()).put(contact.contact(), contact);
  }

  @Override
  public void removeContact(String user, String contact) {
    contacts.get(user).remove(contact);
    routes.get(user).keySet().removeIf(key -> key.contact().equals(contact));
    sent.remove(pair(user, contact));
  }

  @Override
  public Map<Route.Key, Route> routes(String user) {
    return new HashMap<>(routes.getOrDefault(user, Map.of()));
  }

  @Override
  public void putRoute(Route route) {
    routes.get(route.user()).put(route.key(), route);
  }

  @Override
  public void deleteRoute(String user, Route.Key key) {
    routes.get(user).remove(key);
  }

  @Override
  public Map<Entry.Key, Entry> sent(String user, String contact) {
    return new HashMap<>(sent.getOrDefault(pair(user, contact), Map.of()));
  }

  @Override
  public void putSent(String user, String contact, Entry entry) {
    sent.computeIfAbsent(pair(user, contact), ignored -> new HashMap<>()).put(entry.key(), entry);
  }

  @Override
  public void deleteSent(String user, String contact, Entry.Key key) {
    sent.getOrDefault(pair(user, contact), new HashMap<>()).remove(key);
  }

  @Override
  public long nextSequence(String user, String contact) {
    return sentSequence.merge(pair(user, contact), 1L, Long::sum);
  }

  @Override
  public long receivedSequence(String user, String contact) {
    return receivedSequence.getOrDefault(pair(user, contact), 0L);
  }

  @Override
  public void setReceivedSequence(String user, String contact, long sequence) {
    receivedSequence.put(pair(user, contact), sequence);
  }

  @Override
  public void markPending(String user) {
    pending.add(user);
  }

  @Override
  public Set<String> takePending() {
    Set<String> taken = new LinkedHashSet<>(pending);
    pending.clear();
    return taken;
  }

  @Override
  public long pendingCount() {
    return pending.size();
  }

  @Override
  public void enqueueRemote(String server, String serverKey, RoutingMessage message) {
    queueId++;
    queue.put(queueId, new Queued(queueId, server, serverKey, message));
  }

  @Override
  public List<Queued> queued(int limit) {
    return new ArrayList<>(queue.values()).subList(0, Math.min(limit, queue.size()));
  }

  @Override
  public void dequeue(long id) {
    queue.remove(id);
  }

  /** Every row of every user, for tests and the benchmark. */
  public List<Route> allRoutes() {
    List<Route> all = new ArrayList<>();
    routes.values().forEach(table -> all.addAll(table.values()));
    return all;
  }
}
