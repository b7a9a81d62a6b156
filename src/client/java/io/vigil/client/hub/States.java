package io.vigil.client.hub;

import io.vigil.client.sign.Signer;
import io.vigil.core.channel.ChannelId;
import io.vigil.core.channel.ChannelState;
import io.vigil.core.channel.HunterAuthorization;
import io.vigil.core.channel.SignedState;
import io.vigil.core.crypto.Address;
import io.vigil.core.crypto.Eip712;
import io.vigil.core.crypto.Eip712Domain;
import io.vigil.core.crypto.Secp256k1Engine;
import io.vigil.core.crypto.Signature;
import io.vigil.core.crypto.SignatureCheck;
import java.util.Objects;

/**
 * Signs and checks one hub's EIP-712 messages through a {@link Signer}: channel states, final
 * states for a cooperative close, and hunter authorizations. The digests are the shared {@link
 * Eip712} ones the hub and the server compute, so a signature made here is accepted by both.
 */
public final class States {

  private final Eip712 eip712;

  private States(Eip712 eip712) {
    this.eip712 = Objects.requireNonNull(eip712, "eip712");
  }

  public static States of(Eip712Domain domain) {
    return new States(new Eip712(domain, Secp256k1Engine.best()));
  }

  /** For the hub at {@code hub} on chain {@code chainId}. */
  public static States forHub(long chainId, Address hub) {
    return of(Eip712Domain.of(chainId, hub));
  }

  public Eip712Domain domain() {
    return eip712.domain();
  }

  /** The signer's signature of {@code state} (type State: checkpoint, close, dispute). */
  public Signature sign(ChannelState state, Signer signer) {
    return checked(eip712.stateDigest(state), signer);
  }

  /** The signer's signature of {@code state} as a FinalState (cooperativeClose only). */
  public Signature signFinal(ChannelState state, Signer signer) {
    return checked(eip712.finalStateDigest(state), signer);
  }

  /** The signer's authorization that {@code hunter} collects the bounty of a dispute. */
  public Signature authorizeHunter(ChannelId channelId, Address hunter, Signer signer) {
    return checked(
        eip712.hunterAuthorizationDigest(HunterAuthorization.of(channelId, hunter)), signer);
  }

  /** Both parties' signatures on {@code state}, in the order the hub takes them (A, then B). */
  public SignedState coSigned(ChannelState state, Signature a, Signature b) {
    return SignedState.of(state, a, b);
  }

  /** Who signed {@code state} (as a State) with {@code signature}; empty when nobody. */
  public java.util.Optional<Address> signerOf(ChannelState state, Signature signature) {
    return eip712.recover(eip712.stateDigest(state), signature);
  }

  /** Who signed {@code state} as a FinalState with {@code signature}; empty when nobody. */
  public java.util.Optional<Address> finalSignerOf(ChannelState state, Signature signature) {
    return eip712.recover(eip712.finalStateDigest(state), signature);
  }

  /** Accepts exactly what the hub's checkpoint, close and dispute accept. */
  public SignatureCheck verify(SignedState signed, Address partyA, Address partyB) {
    return eip712.verify(signed, partyA, partyB);
  }

  /** Accepts exactly what the hub's cooperativeClose accepts. */
  public SignatureCheck verifyFinal(SignedState signed, Address partyA, Address partyB) {
    return eip712.verifyFinal(signed, partyA, partyB);
  }

  /** Whether {@code signature} is {@code party}'s authorization of {@code hunter}. */
  public SignatureCheck verifyHunterAuthorization(
      ChannelId channelId, Address hunter, Signature signature, Address party) {
    return eip712.verifyHunterAuthorization(
        HunterAuthorization.of(channelId, hunter), signature, party);
  }

  /** The typed data a wallet shows for {@code state} (eth_signTypedData_v4 JSON). */
  public String typedData(ChannelState state, boolean finalState) {
    return finalState ? eip712.finalStateTypedData(state) : eip712.stateTypedData(state);
  }

  /**
   * Signs through the signer, then checks the result as the hub would: low s, and recovering to the
   * signer's address. A signer that returns anything else is a bug in the wallet, not a signature
   * to send.
   */
  private Signature checked(byte[] digest, Signer signer) {
    Signature signature = signer.signDigest(digest);
    if (!signature.hasLowS()) {
      throw new IllegalStateException(
          "the signer returned a high-s signature, which the hub refuses");
    }
    Address expected = signer.address();
    if (!eip712.recover(digest, signature).map(expected::equals).orElse(false)) {
      throw new IllegalStateException(
          "the signer's signature does not recover to its address " + expected);
    }
    return signature;
  }
}
