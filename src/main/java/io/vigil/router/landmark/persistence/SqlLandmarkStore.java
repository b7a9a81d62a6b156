package io.vigil.router.landmark.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.lease.LockKey;
import io.vigil.core.lease.TransactionLocks;
import io.vigil.core.persistence.NativeSql;
import io.vigil.router.landmark.Contact;
import io.vigil.router.landmark.Entry;
import io.vigil.router.landmark.LandmarkStore;
import io.vigil.router.landmark.Limit;
import io.vigil.router.landmark.Route;
import io.vigil.router.landmark.RoutingMessage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps hosted users, contacts, routing tables and announcement state in PostgreSQL. Every method
 * joins the caller's transaction; a whole exchange step commits or rolls back together.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class SqlLandmarkStore implements LandmarkStore {

  private final EntityManager em;
  private final ObjectMapper json;

  public SqlLandmarkStore(EntityManager em, ObjectMapper json) {
    this.em = em;
    this.json = json;
  }

  private Query sql(String text, Object... values) {
    return NativeSql.bind(em.createNativeQuery(text), values);
  }

  /** The single number a query returns, such as a count. */
  private long number(String text, Object... values) {
    return ((Number) sql(text, values).getSingleResult()).longValue();
  }

  @Override
  public boolean hosts(String user) {
    return !sql("select 1 from landmark_user where user_id = ?1", user).getResultList().isEmpty();
  }

  @Override
  public boolean addUser(String user) {
    return sql("insert into landmark_user (user_id) values (?1) on conflict do nothing", user)
            .executeUpdate()
        == 1;
  }

  /** Two-key advisory lock ("LMRK", 1) that serialises counting hosted users before adding one. */
  private static final int LOCK_CLASS = 0x4c4d524b;

  private static final int USERS_LOCK = 1;

  @Override
  public long countUsers() {
    TransactionLocks.hold(em, LockKey.of(LOCK_CLASS, USERS_LOCK));
    return number("select count(*) from landmark_user");
  }

  @Override
  public int countContacts(String user) {
    sql("select 1 from landmark_user where user_id = ?1 for update", user).getResultList();
    return (int) number("select count(*) from landmark_contact where user_id = ?1", user);
  }

  @Override
  public void setUserKey(String user, String key) {
    sql("update landmark_user set user_key = ?2 where user_id = ?1", user, key).executeUpdate();
  }

  @Override
  public Optional<String> userKey(String user) {
    List<?> rows =
        sql("select user_key from landmark_user where user_id = ?1", user).getResultList();
    return rows.stream().filter(java.util.Objects::nonNull).map(String.class::cast).findFirst();
  }

  @Override
  public Map<String, Contact> contacts(String user) {
    Map<String, Contact> contacts = new HashMap<>();
    for (Contact contact : selectContacts(user, null)) {
      contacts.put(contact.contact(), contact);
    }
    return contacts;
  }

  @Override
  public Optional<Contact> contact(String user, String contact) {
    return selectContacts(user, contact).stream().findFirst();
  }

  @SuppressWarnings("unchecked")
  private List<Contact> selectContacts(String user, String contact) {
    String columns =
        "select contact_id, server, kind, trust_given, trust_received, debt, pending_out,"
            + " pending_in, spendable_out, spendable_in, server_key from landmark_contact"
            + " where user_id = ?1";
    List<Object[]> rows =
        contact == null
            ? sql(columns, user).getResultList()
            : sql(columns + " and contact_id = ?2", user, contact).getResultList();
    return rows.stream().map(row -> LandmarkRows.contact(user, row)).toList();
  }

  @Override
  public void putContact(Contact contact) {
    LandmarkRows.Terms terms = LandmarkRows.terms(contact.terms());
    sql(
            "insert into landmark_contact (user_id, contact_id, server, kind, trust_given,"
                + " trust_received, debt, pending_out, pending_in, spendable_out, spendable_in,"
                + " server_key) values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
                + " on conflict (user_id, contact_id) do update set server = excluded.server,"
                + " server_key = excluded.server_key,"
                + " kind = excluded.kind, trust_given = excluded.trust_given,"
                + " trust_received = excluded.trust_received, debt = excluded.debt,"
                + " pending_out = excluded.pending_out, pending_in = excluded.pending_in,"
                + " spendable_out = excluded.spendable_out, spendable_in = excluded.spendable_in",
            contact.user(),
            contact.contact(),
            contact.server(),
            terms.kind(),
            terms.trustGiven(),
            terms.trustReceived(),
            terms.debt(),
            terms.pendingOut(),
            terms.pendingIn(),
            terms.spendableOut(),
            terms.spendableIn(),
            contact.serverKey())
        .executeUpdate();
  }

  @Override
  public void removeContact(String user, String contact) {
    sql("delete from landmark_contact where user_id = ?1 and contact_id = ?2", user, contact)
        .executeUpdate();
  }

  @Override
  @SuppressWarnings("unchecked")
  public Map<Route.Key, Route> routes(String user) {
    List<Object[]> rows =
        sql(
                "select landmark, approach, contact_id, max_to, max_from, path"
                    + " from landmark_route where user_id = ?1",
                user)
            .getResultList();
    Map<Route.Key, Route> routes = new HashMap<>();
    for (Object[] row : rows) {
      Route route = LandmarkRows.route(user, row);
      routes.put(route.key(), route);
    }
    return routes;
  }

  @Override
  public void putRoute(Route route) {
    upsertLimits(
        "landmark_route",
        "user_id, landmark, approach, contact_id",
        route.maxTo(),
        route.maxFrom(),
        route.path(),
        route.user(),
        route.landmark(),
        route.approach(),
        route.contact());
  }

  @Override
  public void deleteRoute(String user, Route.Key key) {
    sql(
            "delete from landmark_route where user_id = ?1 and landmark = ?2 and approach = ?3"
                + " and contact_id = ?4",
            user,
            key.landmark(),
            key.approach(),
            key.contact())
        .executeUpdate();
  }

  @Override
  @SuppressWarnings("unchecked")
  public Map<Entry.Key, Entry> sent(String user, String contact) {
    List<Object[]> rows =
        sql(
                "select landmark, approach, max_to, max_from, path from landmark_sent"
                    + " where user_id = ?1 and contact_id = ?2",
                user,
                contact)
            .getResultList();
    Map<Entry.Key, Entry> sent = new HashMap<>();
    for (Object[] row : rows) {
      Entry entry = LandmarkRows.entry(row);
      sent.put(entry.key(), entry);
    }
    return sent;
  }

  @Override
  public void putSent(String user, String contact, Entry entry) {
    upsertLimits(
        "landmark_sent",
        "user_id, contact_id, landmark, approach",
        entry.maxTo(),
        entry.maxFrom(),
        entry.path(),
        user,
        contact,
        entry.landmark(),
        entry.approach());
  }

  /**
   * Inserts or updates the row of {@code table} whose four {@code keyColumns} hold {@code key}, in
   * that order, with its max_to, max_from and path.
   */
  private void upsertLimits(
      String table,
      String keyColumns,
      Limit maxTo,
      Limit maxFrom,
      List<String> path,
      String... key) {
    sql(
            "insert into "
                + table
                + " ("
                + keyColumns
                + ", max_to, max_from, path) values (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
                + " on conflict ("
                + keyColumns
                + ") do update set"
                + " max_to = excluded.max_to, max_from = excluded.max_from, path = excluded.path",
            key[0],
            key[1],
            key[2],
            key[3],
            LandmarkRows.column(maxTo),
            LandmarkRows.column(maxFrom),
            LandmarkRows.joinPath(path))
        .executeUpdate();
  }

  @Override
  public void deleteSent(String user, String contact, Entry.Key key) {
    sql(
            "delete from landmark_sent where user_id = ?1 and contact_id = ?2 and landmark = ?3"
                + " and approach = ?4",
            user,
            contact,
            key.landmark(),
            key.approach())
        .executeUpdate();
  }

  @Override
  public long nextSequence(String user, String contact) {
    return number(
        "insert into landmark_sequence (user_id, contact_id, sent) values (?1, ?2, 1)"
            + " on conflict (user_id, contact_id) do update"
            + " set sent = landmark_sequence.sent + 1 returning sent",
        user,
        contact);
  }

  @Override
  public long receivedSequence(String user, String contact) {
    List<?> rows =
        sql(
                "select received from landmark_sequence where user_id = ?1 and contact_id = ?2",
                user,
                contact)
            .getResultList();
    return rows.isEmpty() ? 0 : ((Number) rows.get(0)).longValue();
  }

  @Override
  public void setReceivedSequence(String user, String contact, long sequence) {
    sql(
            "insert into landmark_sequence (user_id, contact_id, received) values (?1, ?2, ?3)"
                + " on conflict (user_id, contact_id) do update set received = excluded.received",
            user,
            contact,
            sequence)
        .executeUpdate();
  }

  @Override
  public void markPending(String user) {
    sql("insert into landmark_pending (user_id) values (?1) on conflict do nothing", user)
        .executeUpdate();
  }

  @Override
  @SuppressWarnings("unchecked")
  public Set<String> takePending() {
    return new LinkedHashSet<>(
        em.createNativeQuery("delete from landmark_pending returning user_id", String.class)
            .getResultList());
  }

  @Override
  public long pendingCount() {
    return number("select count(*) from landmark_pending");
  }

  @Override
  public void enqueueRemote(String server, String serverKey, RoutingMessage message) {
    try {
      sql(
              "insert into landmark_outbox (server, server_key, message) values (?1, ?2, ?3)",
              server,
              serverKey,
              json.writeValueAsString(message))
          .executeUpdate();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a ROUTING message", e);
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public List<Queued> queued(int limit) {
    List<Object[]> rows =
        sql(
                "select id, server, server_key, message from landmark_outbox order by id limit ?1",
                limit)
            .getResultList();
    return rows.stream()
        .map(
            row -> {
              try {
                return new Queued(
                    ((Number) row[0]).longValue(),
                    (String) row[1],
                    (String) row[2],
                    json.readValue((String) row[3], RoutingMessage.class));
              } catch (JsonProcessingException e) {
                throw new IllegalStateException("unreadable queued ROUTING message " + row[0], e);
              }
            })
        .toList();
  }

  @Override
  public void dequeue(long id) {
    sql("delete from landmark_outbox where id = ?1", id).executeUpdate();
  }

  /** Number of messages waiting for another server. */
  public long queuedCount() {
    return number("select count(*) from landmark_outbox");
  }
}
