package io.vigil.core.contract;

import static io.vigil.testsupport.HubFixture.ETHER;
import static io.vigil.testsupport.HubFixture.devKey;
import static io.vigil.testsupport.HubFixture.toContract;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.chain.HubEvent;
import io.vigil.core.channel.ChannelId;
import io.vigil.core.channel.ChannelState;
import io.vigil.core.channel.HunterAuthorization;
import io.vigil.core.channel.SignedState;
import io.vigil.core.crypto.Address;
import io.vigil.core.crypto.PrivateKey;
import io.vigil.core.crypto.Signature;
import io.vigil.testsupport.HubFixture;
import io.vigil.testsupport.NodeTools;
import io.vigil.testsupport.OnPrivateHubChain;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Interoperability with an independent EIP-712 implementation: Foundry's {@code cast} (the real
 * binary from npm). States cast signs are accepted by the hub and by Vigil's verifier; states Vigil
 * signs verify with cast.
 */
class CastInteropIT extends OnPrivateHubChain {

  private static final PrivateKey ALICE = devKey(1);
  private static final PrivateKey BOB = devKey(2);
  private static final PrivateKey HUNTER = devKey(3);

  @Test
  void shouldAcceptStateSignedByCastOnChainAndInVerifier() throws Exception {
    ChannelId id = hub.open(ALICE, BOB, ETHER, ETHER, 3_600, BigInteger.ZERO);
    ChannelState state =
        ChannelState.of(
            id,
            12,
            ETHER.divide(BigInteger.valueOf(4)),
            ETHER.multiply(BigInteger.TWO).subtract(ETHER.divide(BigInteger.valueOf(4))));
    String typedData = hub.eip712().stateTypedData(state);

    Signature byAlice = castSign(typedData, ALICE);
    Signature byBob = castSign(typedData, BOB);
    SignedState signed = SignedState.of(state, byAlice, byBob);

    assertThat(byAlice).isEqualTo(hub.eip712().signState(state, ALICE));
    assertThat(hub.eip712().verify(signed, ALICE.address(), BOB.address()).isValid()).isTrue();
    TransactionReceipt receipt =
        hub.as(devKey(5)).checkpoint(toContract(state), byAlice.toBytes(), byBob.toBytes()).send();
    assertThat(HubFixture.events(receipt))
        .singleElement()
        .isInstanceOfSatisfying(
            HubEvent.Checkpointed.class, event -> assertThat(event.nonce()).isEqualTo(12));
  }

  @Test
  void shouldPayHunterNamedInAuthorizationSignedByCast() throws Exception {
    ChannelId id = hub.open(ALICE, BOB, ETHER, ETHER, 3_600, BigInteger.TEN);
    hub.as(ALICE)
        .close(toContract(ChannelState.opening(id, ETHER, ETHER)), new byte[0], new byte[0])
        .send();
    Signature authorization =
        castSign(
            hub.eip712().hunterAuthorizationTypedData(HunterAuthorization.of(id, HUNTER.address())),
            BOB);
    SignedState newer =
        hub.sign(
            ChannelState.of(id, 1, BigInteger.ZERO, ETHER.multiply(BigInteger.TWO)), ALICE, BOB);

    TransactionReceipt receipt =
        HubCalls.dispute(hub.as(HUNTER), newer, authorization.toBytes()).send();

    assertThat(HubFixture.events(receipt))
        .singleElement()
        .isInstanceOfSatisfying(
            HubEvent.Disputed.class,
            event -> assertThat(event.bountyTo()).isEqualTo(HUNTER.address()));
  }

  @Test
  void shouldVerifyVigilSignaturesWithCast() throws Exception {
    ChannelId id = ChannelId.of("0x" + "5a".repeat(32));
    ChannelState state = ChannelState.of(id, 3, BigInteger.valueOf(40), BigInteger.valueOf(60));
    String typedData = hub.eip712().stateTypedData(state);
    Signature byVigil = hub.eip712().signState(state, ALICE);
    Signature finalByVigil = hub.eip712().signFinalState(state, BOB);

    assertThat(castVerify(typedData, byVigil, ALICE.address()).exitCode()).isZero();
    assertThat(
            castVerify(hub.eip712().finalStateTypedData(state), finalByVigil, BOB.address())
                .exitCode())
        .isZero();
    assertThat(castVerify(typedData, byVigil, BOB.address()).exitCode()).isNotZero();
    assertThat(
            castVerify(hub.eip712().finalStateTypedData(state), byVigil, ALICE.address())
                .exitCode())
        .isNotZero();
  }

  private record Run(int exitCode, String output) {}

  private static Signature castSign(String typedData, PrivateKey key) throws Exception {
    Run run =
        cast(List.of("wallet", "sign", "--data", "--private-key", "0x" + hex(key), typedData));
    assertThat(run.exitCode()).as(run.output()).isZero();
    return Signature.parse(run.output().strip());
  }

  private static Run castVerify(String typedData, Signature signature, Address signer)
      throws Exception {
    return cast(
        List.of(
            "wallet", "verify", "--data", "--address", signer.hex(), typedData, signature.hex()));
  }

  private static Run cast(List<String> args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(NodeTools.binary("cast").toString());
    command.addAll(args);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), output);
  }

  private static String hex(PrivateKey key) {
    return java.util.HexFormat.of().formatHex(key.toBytes());
  }
}
