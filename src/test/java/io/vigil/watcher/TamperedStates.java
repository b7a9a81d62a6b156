package io.vigil.watcher;

import io.vigil.core.channel.ChannelState;
import io.vigil.core.channel.SignedState;
import java.math.BigInteger;

/** Signed states whose content no longer matches their signatures, for the refusal tests. */
final class TamperedStates {

  private TamperedStates() {}

  /** {@code signed}'s signatures over its state with one wei moved from party A to party B. */
  static SignedState oneWeiMoved(SignedState signed) {
    ChannelState state = signed.state();
    return SignedState.of(
        ChannelState.of(
            state.channelId(),
            state.nonce(),
            state.balanceA().subtract(BigInteger.ONE),
            state.balanceB().add(BigInteger.ONE)),
        signed.signatureA(),
        signed.signatureB());
  }
}
