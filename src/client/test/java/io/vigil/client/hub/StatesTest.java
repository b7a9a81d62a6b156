package io.vigil.client.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.client.sign.KeySigner;
import io.vigil.client.sign.Signer;
import io.vigil.core.channel.ChannelId;
import io.vigil.core.channel.ChannelState;
import io.vigil.core.channel.HunterAuthorization;
import io.vigil.core.channel.SignedState;
import io.vigil.core.crypto.Address;
import io.vigil.core.crypto.Eip712;
import io.vigil.core.crypto.PrivateKey;
import io.vigil.core.crypto.Signature;
import io.vigil.core.crypto.SignatureCheck;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class StatesTest {

  static final String ALICE_KEY =
      "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
  static final String BOB_KEY =
      "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a";
  static final Address HUB = Address.of("0x5FbDB2315678afecb367f032d93F642f64180aa3");
  static final long CHAIN_ID = 31337;

  private final ChannelState state =
      ChannelState.of(
          ChannelId.of("0x" + "ab".repeat(32)),
          7,
          new BigInteger("600000000000000000"),
          new BigInteger("400000000000000000"));
  private final States states = States.forHub(CHAIN_ID, HUB);
  private final Eip712 server = Eip712.forHub(CHAIN_ID, HUB);
  private final KeySigner alice = KeySigner.of(ALICE_KEY);
  private final KeySigner bob = KeySigner.of(BOB_KEY);

  @Test
  void shouldSignStatesExactlyAsTheServerSigns() {
    assertThat(states.sign(state, alice))
        .isEqualTo(server.signState(state, PrivateKey.of(ALICE_KEY)));
    assertThat(states.signFinal(state, bob))
        .isEqualTo(server.signFinalState(state, PrivateKey.of(BOB_KEY)));
    Address hunter = Address.of("0x" + "12".repeat(20));
    assertThat(states.authorizeHunter(state.channelId(), hunter, bob))
        .isEqualTo(
            server.signHunterAuthorization(
                HunterAuthorization.of(state.channelId(), hunter), PrivateKey.of(BOB_KEY)));
  }

  @Test
  void shouldMatchSignaturesMadeByAnIndependentImplementation() {
    // Made with Foundry's `cast wallet sign --data` over eth_signTypedData_v4 JSON (the typed data
    // of docs/walkthrough.md) for this state, chain 31337 and hub, with Alice's key.
    assertThat(alice.address()).isEqualTo(Address.of("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"));
    assertThat(states.sign(state, alice))
        .isEqualTo(
            Signature.parse(
                "0xdea95b1dd1715d9edbfc559c384c71b98f703f500c27a388d1fa01be69b05cc5"
                    + "79fc1ec74ac1b463fcbcf918d95d11ad6cdba1967990cd4cef2208536b5fb1e41b"));
    assertThat(states.signFinal(state, alice))
        .isEqualTo(
            Signature.parse(
                "0x599c295992b05e031913d2792be316cc42ac0f93a2b1d4d62ca561d9469e62d2"
                    + "5fa9510b0e578c287e36611f901894bfe55acf8b35814314c3eb323ac38da19c1c"));
    assertThat(states.authorizeHunter(state.channelId(), Address.of("0x" + "12".repeat(20)), alice))
        .isEqualTo(
            Signature.parse(
                "0xca56ba916c75eba2a0f42d55ee86a08b0cfc89839c61f2236c4c9366f48eff33"
                    + "5514d2d0a891a87d779725fe07c472e3a09b85c39a28e723f2e9401833a0c8971b"));
  }

  @Test
  void shouldVerifyACoSignedStateAsTheHubDoes() {
    SignedState signed = states.coSigned(state, states.sign(state, alice), states.sign(state, bob));
    assertThat(states.verify(signed, alice.address(), bob.address()).isValid()).isTrue();
    assertThat(states.verify(signed, bob.address(), alice.address()))
        .isInstanceOf(SignatureCheck.WrongSigner.class);
    // A State signature is not a FinalState signature: cooperativeClose would refuse it.
    assertThat(states.verifyFinal(signed, alice.address(), bob.address()).isValid()).isFalse();
    SignedState finalState =
        states.coSigned(state, states.signFinal(state, alice), states.signFinal(state, bob));
    assertThat(states.verifyFinal(finalState, alice.address(), bob.address()).isValid()).isTrue();
    assertThat(states.finalSignerOf(state, finalState.signatureB())).contains(bob.address());
  }

  @Test
  void shouldRefuseASignerWhoseSignatureIsNotItsOwn() {
    Signer liar =
        new Signer() {
          @Override
          public Address address() {
            return bob.address();
          }

          @Override
          public Signature signDigest(byte[] digest32) {
            return alice.signDigest(digest32);
          }
        };
    assertThatThrownBy(() -> states.sign(state, liar))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(bob.address().hex());
  }

  @Test
  void shouldBindSignaturesToTheHubsDomain() {
    States otherChain = States.forHub(1, HUB);
    Signature here = states.sign(state, alice);
    assertThat(otherChain.signerOf(state, here))
        .isNotEqualTo(java.util.Optional.of(alice.address()));
  }
}
