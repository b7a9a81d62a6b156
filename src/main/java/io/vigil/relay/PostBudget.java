package io.vigil.relay;

import io.vigil.core.api.Problem;
import io.vigil.core.api.ProblemException;
import io.vigil.core.lease.LockKey;
import io.vigil.core.lease.TransactionLocks;
import io.vigil.core.persistence.NativeSql;
import io.vigil.core.persistence.SqlValues;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Keeps the fees that clients can make the post keys spend within the hourly budgets of {@link
 * RelayConfig.Posts}: in total, and per channel. Each accepted state post reserves its whole fee
 * ceiling, stored as the request's value at stake, and the carrier never pays more than that. The
 * sums are read from relay_tx under a transaction-scoped advisory lock, so concurrent posts on
 * every replica see each other's reservations: the budget holds for the deployment, not per
 * process.
 */
@ApplicationScoped
public class PostBudget {

  /** Second key of the relay's two-key advisory locks (the first is the relay's own). */
  private static final int BUDGET_LOCK = -1;

  static final Duration WINDOW = Duration.ofHours(1);

  private final EntityManager entityManager;
  private final RelayConfig.Posts limits;

  public PostBudget(EntityManager entityManager, RelayConfig config) {
    this.entityManager = entityManager;
    this.limits = config.posts();
  }

  /** What state posts reserved in the last hour: in total, for one channel, and the oldest. */
  public record Spent(
      BigInteger total, BigInteger channel, Instant oldest, Instant oldestOfChannel) {}

  /** Whether a new reservation fits; the reason and when to retry when it does not. */
  public sealed interface Verdict {

    /** It fits. */
    record Within() implements Verdict {}

    /** It does not; {@code retryAfterSeconds} is when the oldest reservation in the way expires. */
    record Over(String reason, long retryAfterSeconds) implements Verdict {}
  }

  /** Pure: whether {@code reserve} more wei fits in both budgets. */
  public static Verdict decide(
      Spent spent, BigInteger reserve, RelayConfig.Posts limits, Instant now) {
    return over(
            "the posts of this channel",
            spent.channel(),
            reserve,
            limits.budgetPerChannelPerHour(),
            "channel per hour",
            spent.oldestOfChannel(),
            now)
        .or(
            () ->
                over(
                    "state posts",
                    spent.total(),
                    reserve,
                    limits.budgetPerHour(),
                    "hour",
                    spent.oldest(),
                    now))
        .orElseGet(Verdict.Within::new);
  }

  /**
   * Over when {@code reserve} more on top of what {@code whose} reserved passes {@code budget} wei
   * per {@code per}; empty when it fits.
   */
  private static Optional<Verdict> over(
      String whose,
      BigInteger reserved,
      BigInteger reserve,
      BigInteger budget,
      String per,
      Instant oldest,
      Instant now) {
    if (reserved.add(reserve).compareTo(budget) <= 0) {
      return Optional.empty();
    }
    return Optional.of(
        new Verdict.Over(
            whose
                + " reserved "
                + reserved
                + " wei of fees in the last hour; this one needs "
                + reserve
                + " more, over the budget of "
                + budget
                + " wei per "
                + per,
            retryAfter(oldest, now)));
  }

  private static long retryAfter(Instant oldest, Instant now) {
    if (oldest == null) {
      return WINDOW.toSeconds();
    }
    return Math.max(1, Duration.between(now, oldest.plus(WINDOW)).toSeconds() + 1);
  }

  /**
   * Checks that a post of {@code channel} reserving {@code reserve} wei fits, or refuses it with
   * 429 and a Retry-After. Must run in the transaction that stores the post: the lock it takes is
   * held until that transaction ends, so the check and the insert are one step for every replica.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public void admit(String channel, BigInteger reserve, Instant now) {
    TransactionLocks.hold(entityManager, LockKey.of(AccountLeases.LOCK_CLASS, BUDGET_LOCK));
    Object[] sums =
        (Object[])
            NativeSql.single(
                entityManager,
                "select coalesce(sum(value_at_stake), 0),"
                    + " coalesce(sum(value_at_stake) filter (where channel_id = ?2), 0),"
                    + " min(created_at), min(created_at) filter (where channel_id = ?2)"
                    + " from relay_tx where kind = 'OWN' and purpose in ('CLOSE', 'CHECKPOINT',"
                    + " 'COOPERATIVE_CLOSE') and created_at > ?1",
                now.minus(WINDOW),
                channel);
    Spent spent =
        new Spent(
            SqlValues.integer(sums[0]),
            SqlValues.integer(sums[1]),
            SqlValues.instant(sums[2]),
            SqlValues.instant(sums[3]));
    if (decide(spent, reserve, limits, now) instanceof Verdict.Over over) {
      throw new ProblemException(
          new Problem(
              "urn:vigil:problem:post-budget",
              "Too Many Requests",
              429,
              over.reason() + "; retry after " + over.retryAfterSeconds() + "s",
              null),
          over.retryAfterSeconds());
    }
  }
}
