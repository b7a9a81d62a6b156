package io.vigil.watcher;

import io.vigil.watcher.persistence.HeldState;
import io.vigil.watcher.persistence.WatchedChannel;

/**
 * What becomes of a state held for a channel not yet on chain once the channel opens: kept when its
 * signers are the channel's parties and the channel is within the watch policy for the party that
 * delegated it, dropped otherwise. Pure.
 */
sealed interface Adoption {

  /** Keep it: the channel is now known, the state no longer expires. */
  record Kept() implements Adoption {}

  /** Drop it: its signers are not the channel's parties. */
  record NotTheParties() implements Adoption {}

  /** Drop it: the channel opened outside the watch policy. */
  record OutsidePolicy(String detail) implements Adoption {}

  static Adoption of(HeldState state, WatchedChannel opened, WatchPolicy policy) {
    if (!state.signerA().equalsIgnoreCase(opened.partyA())
        || !state.signerB().equalsIgnoreCase(opened.partyB())) {
      return new NotTheParties();
    }
    if (policy.admit(
            opened,
            state.client().equalsIgnoreCase(state.signerA()),
            state.balanceA(),
            state.balanceB())
        instanceof WatchPolicy.Admission.Refused refused) {
      return new OutsidePolicy(refused.detail());
    }
    return new Kept();
  }
}
