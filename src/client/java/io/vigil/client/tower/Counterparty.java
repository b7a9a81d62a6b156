package io.vigil.client.tower;

import io.vigil.core.channel.SignedState;
import io.vigil.core.crypto.Address;
import io.vigil.core.crypto.Eip712;
import java.util.Optional;

/**
 * The seed's rule as a pure check: which party of a co-signed state is the counterparty of the
 * delegating party, and whether a tower's hunter or receipt signer is that counterparty (a node
 * cannot be trusted to stop its own cheating).
 */
public final class Counterparty {

  private Counterparty() {}

  /**
   * The signer of the state other than {@code delegator}, recovered under the tower's domain; empty
   * when the signatures do not recover or {@code delegator} signed neither side.
   */
  public static Optional<Address> of(TowerInfo pinned, SignedState signed, Address delegator) {
    Eip712 eip712 = Eip712.forHub(pinned.chainId(), pinned.hub());
    byte[] digest = eip712.stateDigest(signed.state());
    Optional<Address> a = eip712.recover(digest, signed.signatureA());
    Optional<Address> b = eip712.recover(digest, signed.signatureB());
    if (a.isEmpty() || b.isEmpty()) {
      return Optional.empty();
    }
    if (a.get().equals(delegator)) {
      return b;
    }
    return b.get().equals(delegator) ? a : Optional.empty();
  }

  /** Why this tower is tied to the counterparty, or empty when it is not. */
  public static Optional<String> conflict(TowerInfo pinned, Address counterparty) {
    if (pinned.hunter().equals(counterparty)) {
      return Optional.of("the tower's hunter " + counterparty + " is the channel's counterparty");
    }
    if (pinned.receiptSigner().equals(counterparty)) {
      return Optional.of(
          "the tower's receipt signer " + counterparty + " is the channel's counterparty");
    }
    return Optional.empty();
  }
}
