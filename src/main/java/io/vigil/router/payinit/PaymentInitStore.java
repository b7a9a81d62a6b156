package io.vigil.router.payinit;

import io.vigil.core.lease.LockKey;
import io.vigil.core.lease.TransactionLocks;
import io.vigil.core.persistence.NativeSql;
import io.vigil.core.persistence.SqlValues;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Keeps encrypted payment initializations in PostgreSQL ({@code payment_init}): adds one within its
 * recipient's quota, lists and deletes a recipient's own, and deletes expired ones. Holds
 * ciphertext only; an expired envelope is never listed, even before the job deletes it.
 */
@ApplicationScoped
public class PaymentInitStore {

  /** Advisory lock space of the per-recipient quota ("PINI"). */
  private static final int LOCK_CLASS = 0x50494e49;

  private static final String COLUMNS = "id, recipient, sender, envelope, created_at, expires_at";

  private final EntityManager em;

  public PaymentInitStore(EntityManager em) {
    this.em = em;
  }

  /** What {@link #add} did. */
  public sealed interface Admission {
    record Added(StoredEnvelope envelope) implements Admission {}

    /** The recipient holds {@code held} unexpired envelopes; the first expires in retryAfter. */
    record Full(long held, Duration retryAfter) implements Admission {}
  }

  /**
   * Adds {@code envelope} unless its recipient already holds {@code maxPerRecipient} unexpired
   * ones. The count and the insert are one step for every replica: they run under the recipient's
   * advisory lock, so two concurrent posts cannot both take the last place.
   */
  @Transactional
  public Admission add(StoredEnvelope envelope, int maxPerRecipient) {
    TransactionLocks.hold(em, LockKey.of(LOCK_CLASS, envelope.recipient().hashCode()));
    Object[] held =
        (Object[])
            NativeSql.single(
                em,
                "select count(*), min(expires_at) from payment_init"
                    + " where recipient = ?1 and expires_at > ?2",
                envelope.recipient(),
                utc(envelope.createdAt()));
    long count = ((Number) held[0]).longValue();
    if (count >= maxPerRecipient) {
      Instant first = SqlValues.instant(held[1]);
      Duration wait = first == null ? Duration.ZERO : Duration.between(envelope.createdAt(), first);
      return new Admission.Full(count, wait.isNegative() ? Duration.ZERO : wait);
    }
    NativeSql.update(
        em,
        "insert into payment_init (" + COLUMNS + ") values (?1, ?2, ?3, ?4, ?5, ?6)",
        envelope.id(),
        envelope.recipient(),
        envelope.sender(),
        envelope.envelope(),
        utc(envelope.createdAt()),
        utc(envelope.expiresAt()));
    return new Admission.Added(envelope);
  }

  /** The unexpired envelopes addressed to {@code recipient}, oldest first, at most {@code max}. */
  @Transactional
  public List<StoredEnvelope> list(String recipient, Instant now, int max) {
    return NativeSql.select(
            em,
            "select "
                + COLUMNS
                + " from payment_init where recipient = ?1 and expires_at > ?2"
                + " order by created_at, id limit ?3",
            recipient,
            utc(now),
            max)
        .stream()
        .map(row -> envelope((Object[]) row))
        .toList();
  }

  /** The envelope {@code id}, if it is addressed to {@code recipient}. */
  @Transactional
  public Optional<StoredEnvelope> find(UUID id, String recipient) {
    return NativeSql.select(
            em,
            "select " + COLUMNS + " from payment_init where id = ?1 and recipient = ?2",
            id,
            recipient)
        .stream()
        .map(row -> envelope((Object[]) row))
        .findFirst();
  }

  /** Deletes the envelope {@code id} if it is addressed to {@code recipient}; true if it did. */
  @Transactional
  public boolean delete(UUID id, String recipient) {
    return NativeSql.update(
            em, "delete from payment_init where id = ?1 and recipient = ?2", id, recipient)
        == 1;
  }

  /** Deletes the envelope {@code id} whoever it is for (the operator's removal). */
  @Transactional
  public boolean deleteAny(UUID id) {
    return NativeSql.update(em, "delete from payment_init where id = ?1", id) == 1;
  }

  /**
   * Deletes up to {@code max} envelopes expired at {@code now}; rows another replica is deleting
   * are skipped. Returns how many it deleted.
   */
  @Transactional
  public int deleteExpired(Instant now, int max) {
    return NativeSql.update(
        em,
        "delete from payment_init where id in (select id from payment_init"
            + " where expires_at <= ?1 limit ?2 for update skip locked)",
        utc(now),
        max);
  }

  /** Envelopes held now, expired or not (for the expiry job's gauge). */
  @Transactional
  public long count() {
    return ((Number) NativeSql.single(em, "select count(*) from payment_init")).longValue();
  }

  private static StoredEnvelope envelope(Object[] row) {
    return new StoredEnvelope(
        (UUID) row[0],
        (String) row[1],
        (String) row[2],
        (byte[]) row[3],
        SqlValues.instant(row[4]),
        SqlValues.instant(row[5]));
  }

  private static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
