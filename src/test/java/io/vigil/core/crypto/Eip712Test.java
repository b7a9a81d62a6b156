package io.vigil.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.channel.ChannelId;
import io.vigil.core.channel.ChannelState;
import io.vigil.core.channel.HunterAuthorization;
import io.vigil.core.channel.SignedState;
import io.vigil.testsupport.TestData;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.StructuredDataEncoder;

class Eip712Test {

  private static final TestData DATA = new TestData();
  private static final PrivateKey ALICE = DATA.privateKey();
  private static final PrivateKey BOB = DATA.privateKey();
  private static final PrivateKey MALLORY = DATA.privateKey();
  private static final Address HUB = DATA.address();
  private static final ChannelId CHANNEL = DATA.channelId();

  private final Eip712 eip712 = Eip712.forHub(31337, HUB);
  private final ChannelState state =
      ChannelState.of(CHANNEL, 7, BigInteger.valueOf(3_000), BigInteger.valueOf(7_000));

  @Test
  void shouldComputeSameDigestsAsWeb3jTypedDataEncoder() throws Exception {
    assertThat(eip712.stateDigest(state))
        .isEqualTo(new StructuredDataEncoder(eip712.stateTypedData(state)).hashStructuredData());
    assertThat(eip712.finalStateDigest(state))
        .isEqualTo(
            new StructuredDataEncoder(eip712.finalStateTypedData(state)).hashStructuredData());
    HunterAuthorization authorization = HunterAuthorization.of(CHANNEL, MALLORY.address());
    assertThat(eip712.hunterAuthorizationDigest(authorization))
        .isEqualTo(
            new StructuredDataEncoder(eip712.hunterAuthorizationTypedData(authorization))
                .hashStructuredData());
  }

  @Test
  void shouldAcceptStateCoSignedByBothParties() {
    SignedState signed = eip712.coSign(state, ALICE, BOB);

    assertThat(eip712.verify(signed, ALICE.address(), BOB.address()).isValid()).isTrue();
  }

  @Test
  void shouldRejectWhenSignaturesAreSwapped() {
    SignedState signed = eip712.coSign(state, ALICE, BOB);
    SignedState swapped = SignedState.of(state, signed.signatureB(), signed.signatureA());

    assertThat(eip712.verify(swapped, ALICE.address(), BOB.address()))
        .isEqualTo(
            new SignatureCheck.WrongSigner(
                "A", ALICE.address(), java.util.Optional.of(BOB.address())));
  }

  @Test
  void shouldRejectWhenSignerIsAStranger() {
    SignedState signed =
        SignedState.of(state, eip712.signState(state, ALICE), eip712.signState(state, MALLORY));

    assertThat(eip712.verify(signed, ALICE.address(), BOB.address()))
        .isInstanceOfSatisfying(
            SignatureCheck.WrongSigner.class,
            wrong -> {
              assertThat(wrong.party()).isEqualTo("B");
              assertThat(wrong.recovered()).contains(MALLORY.address());
            });
  }

  @Test
  void shouldRejectSignatureMadeForAnotherChainOrHub() {
    Eip712 otherChain = Eip712.forHub(1, HUB);
    Eip712 otherHub = Eip712.forHub(31337, Address.of("0x" + "12".repeat(20)));

    assertThat(eip712.verify(otherChain.coSign(state, ALICE, BOB), ALICE.address(), BOB.address()))
        .isInstanceOf(SignatureCheck.WrongSigner.class);
    assertThat(eip712.verify(otherHub.coSign(state, ALICE, BOB), ALICE.address(), BOB.address()))
        .isInstanceOf(SignatureCheck.WrongSigner.class);
  }

  @Test
  void shouldRejectFinalStateSignatureUsedAsStateAndTheReverse() {
    SignedState asFinal =
        SignedState.of(
            state, eip712.signFinalState(state, ALICE), eip712.signFinalState(state, BOB));

    assertThat(eip712.verify(asFinal, ALICE.address(), BOB.address()).isValid()).isFalse();
    assertThat(eip712.verifyFinal(asFinal, ALICE.address(), BOB.address()).isValid()).isTrue();
  }

  @Test
  void shouldRejectHighSTwinOfValidSignature() {
    Signature low = eip712.signState(state, ALICE);
    BigInteger order =
        new BigInteger("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 16);
    BigInteger highS = order.subtract(new BigInteger(1, low.s()));
    byte[] s = new byte[32];
    byte[] raw = highS.toByteArray();
    System.arraycopy(raw, raw.length - 32, s, 0, 32);
    Signature twin = Signature.of(low.r(), s, low.v() == 27 ? 28 : 27);

    assertThat(eip712.recover(eip712.stateDigest(state), twin)).contains(ALICE.address());
    assertThat(
            eip712.verify(
                SignedState.of(state, twin, eip712.signState(state, BOB)),
                ALICE.address(),
                BOB.address()))
        .isInstanceOf(SignatureCheck.Malformed.class);
  }

  @Test
  void shouldVerifyHunterAuthorizationOnlyForNamedHunterAndSigningParty() {
    HunterAuthorization authorization = HunterAuthorization.of(CHANNEL, MALLORY.address());
    Signature byBob = eip712.signHunterAuthorization(authorization, BOB);

    assertThat(eip712.verifyHunterAuthorization(authorization, byBob, BOB.address()).isValid())
        .isTrue();
    assertThat(
            eip712
                .verifyHunterAuthorization(
                    HunterAuthorization.of(CHANNEL, ALICE.address()), byBob, BOB.address())
                .isValid())
        .isFalse();
  }

  @Test
  void shouldGiveSameVerdictOnBouncyCastleEngine() {
    Eip712 fallback = eip712.withEngine(new BouncyCastleSecp256k1Engine());
    SignedState signed = eip712.coSign(state, ALICE, BOB);

    assertThat(fallback.coSign(state, ALICE, BOB)).isEqualTo(signed);
    assertThat(fallback.verify(signed, ALICE.address(), BOB.address()).isValid()).isTrue();
  }
}
