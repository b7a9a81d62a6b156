package io.vigil.relay.fee;

/** What to do with a pending transaction's fees. */
public sealed interface FeeDecision {

  /** Leave it as it is. */
  record Keep() implements FeeDecision {}

  /** Replace it at the same nonce with these fees (both fields raised by the minimum bump). */
  record Replace(Fees fees) implements FeeDecision {}

  /** It should be re-priced, but a valid replacement would exceed the fee ceiling. */
  record AtCeiling(Fees ceiling) implements FeeDecision {}
}
