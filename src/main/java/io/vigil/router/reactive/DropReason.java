package io.vigil.router.reactive;

/** Why an incoming routing message changed nothing. */
public enum DropReason {
  /** The live entry for the hash is already at most as expensive (replace only if lower). */
  NOT_LOWER,
  /** Our side of the link it came on cannot pay the amount to the next hop. */
  INSUFFICIENT_LIQUIDITY,
  /** The message had no hops left. */
  TTL_EXHAUSTED
}
