package io.vigil.core.channel;

import io.vigil.core.crypto.Signature;
import java.util.Objects;

/**
 * A channel state with both parties' EIP-712 signatures: what a client delegates to the watchtower
 * and what {@code checkpoint}, {@code close} and {@code dispute} take on chain.
 */
public record SignedState(ChannelState state, Signature signatureA, Signature signatureB) {

  public SignedState {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(signatureA, "signatureA");
    Objects.requireNonNull(signatureB, "signatureB");
  }

  public static SignedState of(ChannelState state, Signature signatureA, Signature signatureB) {
    return new SignedState(state, signatureA, signatureB);
  }
}
