package io.vigil.client.tower;

/**
 * How a delegation is judged: how many towers must acknowledge it ({@code 0} means every tower the
 * state is sent to) and what to do with a tower whose hunter or receipt signer is the channel's
 * counterparty.
 *
 * <p>The seed's rule: a node cannot be trusted to stop its own cheating, so a tower run by the
 * counterparty protects nothing against that counterparty.
 */
public record DelegationPolicy(int minTowers, CounterpartyRule counterparty) {

  /** What to do with a tower tied to the channel's counterparty. */
  public enum CounterpartyRule {
    /** Send to it anyway, with a warning in the report. */
    WARN,
    /** Do not send to it; it does not count towards {@code minTowers}. */
    REFUSE
  }

  public static final DelegationPolicy ALL = new DelegationPolicy(0, CounterpartyRule.WARN);

  public DelegationPolicy {
    if (minTowers < 0) {
      throw new IllegalArgumentException("minTowers must not be negative");
    }
    java.util.Objects.requireNonNull(counterparty, "counterparty");
  }

  public static DelegationPolicy of(int minTowers, CounterpartyRule counterparty) {
    return new DelegationPolicy(minTowers, counterparty);
  }
}
