package io.vigil.relay;

import io.vigil.relay.chain.RelayChain.FeeMarket;
import io.vigil.relay.chain.RelayChain.Simulation;
import io.vigil.relay.fee.FeeDecision;
import io.vigil.relay.fee.FeeStrategy;
import io.vigil.relay.fee.Fees;
import io.vigil.relay.persistence.RelayAttempt;
import io.vigil.relay.persistence.RelayTransaction;
import java.time.Duration;
import java.time.Instant;

/**
 * Decides what happens to a pending own transaction's fees as its deadline nears: wait, replace it
 * at a higher price, hold it at its ceiling, or cancel it at its nonce once it cannot be mined (or
 * would now revert). Pure: the caller asks the node, stores, and sends.
 *
 * <p>The decision is made in two steps, so that the node is asked for a simulation only when the
 * relay is about to pay more or is stuck at the ceiling: {@link #plan} and, when it answers {@link
 * Step.Check}, {@link #afterCheck} with the simulation's result.
 *
 * <p>Each answer carries the head at which the request was first seen unmineable at its ceiling
 * (its stuck mark; null when it has none), which the caller keeps between passes.
 *
 * @param fees the strategy that re-prices a pending transaction
 * @param bumpAfter how long a cancellation waits before it is outbid
 * @param stuckBlocks how many blocks a transaction stays unmineable at its ceiling before it is
 *     cancelled
 */
public record FeeBumper(FeeStrategy fees, Duration bumpAfter, int stuckBlocks) {

  /** What to do next. */
  public sealed interface Step {

    /** Nothing to send. */
    record Leave() implements Step {}

    /** The fees would move: simulate the call at the latest block, then ask {@link #afterCheck}. */
    record Check(FeeDecision decision) implements Step {}

    /** Cancel the transaction at its nonce. */
    record Cancel(String why) implements Step {}

    /** Sign the call again with these fees. */
    record Replace(Fees fees) implements Step {}

    /**
     * Keep it at its ceiling and say so: {@code note} is the row's reason, {@code changed} whether
     * the row says something else now (and needs the note stored).
     */
    record HoldAtCeiling(String note, boolean changed) implements Step {}
  }

  /** A step and the request's stuck mark after it (null: none). */
  public record Plan(Step step, Long stuckSince) {}

  /**
   * The first step for a pending transaction whose latest attempt is {@code latest}. A cancellation
   * waits: it is outbid only once it is stale (sent {@code bump-after} ago) or cannot be mined.
   */
  public Plan plan(
      RelayTransaction row, RelayAttempt latest, FeeMarket market, Instant now, Long stuckSince) {
    Fees current = new Fees(latest.maxFee, latest.priorityFee);
    Instant lastSent = row.lastSentAt == null ? row.createdAt : row.lastSentAt;
    if (latest.cancels) {
      boolean stale = !lastSent.plus(bumpAfter).isAfter(now);
      if (stale || FeeStrategy.unmineable(current, market.nextBaseFee())) {
        return new Plan(new Step.Cancel("cancellation re-priced"), stuckSince);
      }
      return new Plan(new Step.Leave(), stuckSince);
    }
    FeeDecision decision =
        fees.reprice(
            current,
            lastSent,
            new FeeStrategy.Inputs(
                market.nextBaseFee(),
                market.suggestedTip(),
                row.deadline,
                now,
                row.valueAtStake,
                row.gasLimit));
    if (decision instanceof FeeDecision.Keep) {
      return new Plan(new Step.Leave(), null);
    }
    return new Plan(new Step.Check(decision), stuckSince);
  }

  /**
   * The step after {@link Step.Check}: {@code simulated} is the call simulated at the latest block,
   * {@code head} the current head, {@code reason} what the row says now.
   */
  public Plan afterCheck(
      FeeDecision decision,
      Simulation simulated,
      RelayAttempt latest,
      FeeMarket market,
      String reason,
      long head,
      Long stuckSince) {
    if (simulated instanceof Simulation.Reverted reverted) {
      // About to pay more, or stuck at the ceiling, for a call that would no longer do anything.
      return new Plan(new Step.Cancel("it would now revert: " + reverted.reason()), stuckSince);
    }
    Fees current = new Fees(latest.maxFee, latest.priorityFee);
    return switch (decision) {
      case FeeDecision.Keep keep -> new Plan(new Step.Leave(), stuckSince);
      case FeeDecision.Replace replace -> new Plan(new Step.Replace(replace.fees()), null);
      case FeeDecision.AtCeiling ceiling -> {
        String note =
            "fee at its ceiling: "
                + ceiling.ceiling().maxFeePerGas()
                + " wei/gas, next base fee "
                + market.nextBaseFee();
        Long mark = null;
        if (FeeStrategy.unmineable(current, market.nextBaseFee())) {
          mark = stuckSince == null ? head : stuckSince;
          if (head - mark >= stuckBlocks) {
            yield new Plan(
                new Step.Cancel(
                    "fee cap "
                        + current.maxFeePerGas()
                        + " wei/gas at its ceiling, below the base fee for "
                        + stuckBlocks
                        + " blocks (next base fee "
                        + market.nextBaseFee()
                        + ")"),
                mark);
          }
        }
        yield new Plan(new Step.HoldAtCeiling(note, !note.equals(reason)), mark);
      }
    };
  }
}
