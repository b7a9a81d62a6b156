package io.vigil.client.tower;

import io.vigil.core.channel.ChannelState;
import java.util.List;

/**
 * The result of delegating one state to the configured towers: one outcome per tower, how many
 * acknowledgments the policy required, and warnings (a tower tied to the counterparty, a state
 * signed by neither party).
 */
public record DelegationReport(
    ChannelState state, int required, List<TowerOutcome> outcomes, List<String> warnings) {

  public DelegationReport {
    outcomes = List.copyOf(outcomes);
    warnings = List.copyOf(warnings);
  }

  public long acknowledged() {
    return outcomes.stream().filter(TowerOutcome.Acknowledged.class::isInstance).count();
  }

  public long queued() {
    return outcomes.stream().filter(TowerOutcome.Queued.class::isInstance).count();
  }

  public boolean misbehaved() {
    return outcomes.stream().anyMatch(TowerOutcome.Misbehaved.class::isInstance);
  }

  /** Whether at least {@link #required} towers acknowledged the state. */
  public boolean met() {
    return acknowledged() >= required;
  }

  /** Not met, but the missing towers have the state queued for retry. */
  public boolean partial() {
    return !met() && acknowledged() + queued() >= required;
  }
}
