package io.vigil.router.landmark;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Runs the ROUTING exchange for the users hosted on one server: stores what arrives, and at the end
 * of each window sends every contact one combined message with what changed. The same class runs in
 * production (over the PostgreSQL store, inside a transaction per step) and in the pure tests and
 * benchmark (over the in-memory store).
 */
public final class LandmarkExchange {

  private final LandmarkStore store;
  private final PropagationRule rule;
  private final long maxSequenceJump;
  private final int maxLandmarks;

  /**
   * @param maxSequenceJump how far above the last sequence received from a contact the next one may
   *     be (see {@link #sequenceRefusal})
   * @param maxLandmarks most landmarks in one user's table; an entry for one more is not stored
   */
  public LandmarkExchange(
      LandmarkStore store, PropagationRule rule, long maxSequenceJump, int maxLandmarks) {
    if (maxSequenceJump < 1) {
      throw new IllegalArgumentException(
          "max sequence jump must be at least 1: " + maxSequenceJump);
    }
    this.store = store;
    this.rule = rule;
    this.maxSequenceJump = maxSequenceJump;
    this.maxLandmarks = maxLandmarks;
  }

  public PropagationRule rule() {
    return rule;
  }

  /**
   * Applies a ROUTING message between two users of this server to its receiver's table. Checks
   * everything before writing anything, so a refused message leaves no trace.
   */
  public ReceiveOutcome receive(RoutingMessage message) {
    return receive(message, sender -> Optional.empty());
  }

  /**
   * Applies a ROUTING message that another server sent, after checking that {@code signer} (the
   * address recovered from its signature) is the key pinned for the sender's server. A sender
   * hosted here has no pinned key: its messages never come from another server.
   */
  public ReceiveOutcome receiveSigned(RoutingMessage message, String signer) {
    return receive(
        message,
        sender -> {
          String pinned = sender.serverKey();
          return sender.server() == null || pinned == null || !pinned.equals(signer)
              ? Optional.of(new ReceiveOutcome.WrongServerKey(message.from(), signer, pinned))
              : Optional.empty();
        });
  }

  /** Applies a message to a hosted user from one of its contacts that {@code refusal} lets by. */
  private ReceiveOutcome receive(
      RoutingMessage message, Function<Contact, Optional<ReceiveOutcome>> refusal) {
    String user = message.to();
    if (!store.hosts(user)) {
      return new ReceiveOutcome.UnknownUser(user);
    }
    Optional<Contact> sender = store.contact(user, message.from());
    if (sender.isEmpty()) {
      return new ReceiveOutcome.NotAContact(message.from());
    }
    return refusal.apply(sender.get()).orElseGet(() -> apply(message));
  }

  /**
   * Why a message with {@code sequence} is refused after {@code last} was accepted, or empty.
   * Anything at or below {@code last} is a duplicate, not a refusal. The bound keeps one message
   * with a huge number (a bug, or a leaked key) from making every later genuine message a duplicate
   * for ever; a genuine sender numbers its messages 1, 2, 3… per contact and keeps the counter in
   * its database across restarts, so it only leaves gaps for messages this server refused.
   */
  public static Optional<ReceiveOutcome.SequenceJump> sequenceRefusal(
      long last, long sequence, long maxJump) {
    // last >= 0 and sequence >= 1, so the difference cannot overflow
    return sequence - last > maxJump
        ? Optional.of(new ReceiveOutcome.SequenceJump(last, sequence, maxJump))
        : Optional.empty();
  }

  private ReceiveOutcome apply(RoutingMessage message) {
    String user = message.to();
    if (message.sequence() < 1) {
      return new ReceiveOutcome.Malformed("sequence", "must be at least 1");
    }
    for (int i = 0; i < message.entries().size(); i++) {
      Optional<PropagationRule.Refusal> refusal =
          rule.check(user, message.from(), message.entries().get(i));
      if (refusal.isPresent()) {
        return new ReceiveOutcome.Malformed(
            "entries[" + i + "]." + refusal.get().field(), refusal.get().reason());
      }
    }
    long last = store.receivedSequence(user, message.from());
    if (message.sequence() <= last) {
      return new ReceiveOutcome.Duplicate(last);
    }
    Optional<ReceiveOutcome.SequenceJump> jump =
        sequenceRefusal(last, message.sequence(), maxSequenceJump);
    if (jump.isPresent()) {
      return jump.get();
    }
    Map<Route.Key, Route> rows = store.routes(user);
    Map<String, Integer> landmarks = new HashMap<>();
    rows.keySet().forEach(held -> landmarks.merge(held.landmark(), 1, Integer::sum));
    int changed = 0;
    for (Entry entry : message.entries()) {
      Route.Key key = new Route.Key(entry.landmark(), entry.approach(), message.from());
      Optional<Route> row = rule.row(user, message.from(), entry);
      Route before = rows.get(key);
      if (row.isPresent()
          && !landmarks.containsKey(entry.landmark())
          && landmarks.size() >= maxLandmarks) {
        continue; // the table is full: a new landmark is not stored, as a too-long route is not
      }
      if (row.isEmpty()) {
        if (before != null) {
          store.deleteRoute(user, key);
          rows.remove(key);
          landmarks.computeIfPresent(entry.landmark(), (landmark, n) -> n > 1 ? n - 1 : null);
          changed++;
        }
      } else if (!row.get().equals(before)) {
        store.putRoute(row.get());
        if (rows.put(key, row.get()) == null) {
          landmarks.merge(entry.landmark(), 1, Integer::sum);
        }
        changed++;
      }
    }
    store.setReceivedSequence(user, message.from(), message.sequence());
    if (changed > 0) {
      store.markPending(user);
    }
    return new ReceiveOutcome.Accepted(changed);
  }

  /**
   * Ends a window: for every user with pending changes, sends each contact one message with the
   * new, changed and withdrawn entries. Messages to users on this server are delivered at once, so
   * their receivers forward them in the next window; messages to other servers are queued.
   */
  public Window flush() {
    List<RoutingMessage> outgoing = new ArrayList<>();
    TreeSet<String> users = new TreeSet<>(store.takePending());
    int entries = 0;
    for (String user : users) {
      Map<String, Contact> contacts = store.contacts(user);
      var rows = store.routes(user).values();
      for (String to : new TreeSet<>(contacts.keySet())) {
        if (store.hosts(to) && store.contact(to, user).isEmpty()) {
          // A link has two sides: a contact hosted here that has not added this user back would
          // refuse the message, so nothing is announced (or recorded as sent) until it does.
          continue;
        }
        Map<Entry.Key, Entry> wanted = rule.announcements(user, contacts, rows, to);
        Map<Entry.Key, Entry> sent = store.sent(user, to);
        List<Entry> changes = rule.changes(wanted, sent);
        if (changes.isEmpty()) {
          continue;
        }
        for (Entry entry : changes) {
          if (entry.isWithdrawal() && !wanted.containsKey(entry.key())) {
            store.deleteSent(user, to, entry.key());
          } else {
            store.putSent(user, to, entry);
          }
        }
        entries += changes.size();
        outgoing.add(new RoutingMessage(user, to, store.nextSequence(user, to), changes));
      }
    }
    int local = 0;
    int remote = 0;
    for (RoutingMessage message : outgoing) {
      if (store.hosts(message.to())) {
        ReceiveOutcome outcome = receive(message);
        if (!(outcome instanceof ReceiveOutcome.Accepted)) {
          throw new IllegalStateException("own message refused: " + outcome);
        }
        local++;
      } else {
        Contact contact = store.contact(message.from(), message.to()).orElseThrow();
        store.enqueueRemote(
            Objects.requireNonNull(contact.server(), "no server for " + message.to()),
            contact.serverKey(),
            message);
        remote++;
      }
    }
    return new Window(users.size(), local, remote, entries);
  }

  /**
   * What one window did.
   *
   * @param users users that had changes to announce
   * @param localMessages messages delivered on this server
   * @param remoteMessages messages queued for other servers
   * @param entries entries in all messages
   */
  public record Window(int users, int localMessages, int remoteMessages, int entries) {
    public int messages() {
      return localMessages + remoteMessages;
    }
  }
}
