package io.vigil.router.landmark;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/** The answer to a top-up request: not needed, a plan, or why there is none. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "outcome")
@JsonSubTypes({
  @JsonSubTypes.Type(value = TopUpPlan.NotNeeded.class, name = "NOT_NEEDED"),
  @JsonSubTypes.Type(value = TopUpPlan.Planned.class, name = "PLANNED"),
  @JsonSubTypes.Type(value = TopUpPlan.NoPlan.class, name = "NO_PLAN")
})
public sealed interface TopUpPlan {

  /** The link already has room for the payment. */
  record NotNeeded(long available) implements TopUpPlan {}

  /**
   * A circular payment of {@code needed} that tops the link up.
   *
   * @param available what the link can carry now
   * @param needed payment minus available: the amount of the circular payment
   * @param proposal what the user's client sends to the first contact
   * @param cycle the nodes the payment is expected to pass, from the user back to the user
   * @param limit the most the chosen cycle can carry, first hop included
   */
  record Planned(long available, long needed, Proposal proposal, List<String> cycle, long limit)
      implements TopUpPlan {}

  /** No known circular route carries the amount; {@code reason} says why. */
  record NoPlan(long available, long needed, String reason) implements TopUpPlan {}

  /**
   * A conditional (hash-locked) payment proposal to the first contact of the cycle.
   *
   * @param from the paying user
   * @param to the first contact
   * @param amount the amount, locked until the preimage of {@code hashLock} is revealed
   * @param hashLock the hash the payment is locked to (the client keeps the preimage)
   * @param landmarks the landmarks the proposal carries: the user's end-point on the link to top up
   *     ({@code user:target}), the target, and the landmark used when it is not the user itself
   */
  record Proposal(String from, String to, long amount, String hashLock, List<String> landmarks) {}
}
