package io.vigil.relay.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vigil.core.chain.ChainClient;
import io.vigil.core.chain.ChainException;
import io.vigil.core.concurrent.Coalescer.Result;
import io.vigil.relay.RelayTestChain;
import io.vigil.relay.RelayTestProfile;
import io.vigil.relay.chain.RelayChain.CallCheck;
import io.vigil.relay.chain.RelayChain.CallSpec;
import io.vigil.relay.chain.RelayChain.Preflight;
import io.vigil.relay.chain.RelayChain.SendChecks;
import io.vigil.relay.chain.RelayChain.SendResult;
import io.vigil.relay.chain.RelayChain.Simulation;
import io.vigil.testsupport.TestInfrastructure;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/** The batched checks and broadcasts answer each call on its own, in order, on a real node. */
@QuarkusTest
@TestProfile(RelayTestProfile.class)
class RelayChainBatchIT {

  @Inject RelayChain relayChain;

  RelayTestChain chain;
  String hub;
  String keyA;
  String keyB;

  static String freshKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    key[0] = 0x11; // below the curve order
    return Numeric.toHexString(key);
  }

  @BeforeEach
  void setUp() {
    chain = new RelayTestChain(TestInfrastructure.get().anvil());
    hub = RelayTestProfile.hub();
    keyA = freshKey();
    keyB = freshKey();
    for (String key : List.of(keyA, keyB)) {
      chain.fund(key, RelayTestChain.ETHER.multiply(BigInteger.valueOf(100)));
    }
  }

  String partner() {
    return RelayTestChain.address(freshKey());
  }

  /**
   * After one transaction of key B: an open from A, a settle from B of a channel that does not
   * exist (it reverts, in the simulation and in the estimate), and an open from A, or from B when
   * {@code lastFromB}.
   */
  private List<CallSpec> openSettleOpen(boolean lastFromB) {
    String a = RelayTestChain.address(keyA);
    String b = RelayTestChain.address(keyB);
    chain.sendAndWait(
        chain.signHubCall(
            keyB, hub, BigInteger.ZERO, RelayTestChain.openCall(partner(), 3600, BigInteger.ZERO)));
    return List.of(
        CallSpec.of(
            a, hub, RelayTestChain.openCall(partner(), 3600, BigInteger.ZERO), BigInteger.ONE),
        CallSpec.of(b, hub, RelayTestChain.settleCall(new byte[32]), BigInteger.ZERO),
        CallSpec.of(
            lastFromB ? b : a,
            hub,
            RelayTestChain.openCall(partner(), 3600, BigInteger.ZERO),
            BigInteger.TEN));
  }

  @Test
  void shouldCheckEachCallOnItsOwnWithOneNonceQueryPerSender() {
    List<Result<Preflight>> results = relayChain.preflight(openSettleOpen(false));

    assertThat(results).hasSize(3);
    Preflight first = results.get(0).get();
    Preflight second = results.get(1).get();
    Preflight third = results.get(2).get();
    assertThat(first.simulation()).isInstanceOf(Simulation.Success.class);
    assertThat(third.simulation()).isInstanceOf(Simulation.Success.class);
    assertThat(second.simulation()).isInstanceOf(Simulation.Reverted.class);
    assertThat(((Simulation.Reverted) second.simulation()).reason()).isNotBlank();
    assertThat(List.of(first.minedNonce(), first.pendingNonce())).containsExactly(0L, 0L);
    assertThat(List.of(third.minedNonce(), third.pendingNonce())).containsExactly(0L, 0L);
    assertThat(List.of(second.minedNonce(), second.pendingNonce())).containsExactly(1L, 1L);
  }

  @Test
  void shouldAnswerTheSendChecksOfEachCallOnItsOwnInOneBatch() {
    List<CallSpec> calls = openSettleOpen(true);
    CallSpec opens = calls.get(0);
    CallSpec settles = calls.get(1);
    CallSpec opensAgain = calls.get(2);

    SendChecks checks = relayChain.sendChecks(calls);

    assertThat(checks.calls()).hasSize(3);
    CallCheck first = checks.calls().get(0).get();
    CallCheck second = checks.calls().get(1).get();
    CallCheck third = checks.calls().get(2).get();
    assertThat(second.simulation()).isInstanceOf(Simulation.Reverted.class);
    assertThat(((Simulation.Reverted) second.simulation()).reason()).isNotBlank();
    assertThat(second.estimate()).isInstanceOf(Simulation.Reverted.class);
    assertThat(first.simulation()).isEqualTo(new Simulation.Success(0));
    assertThat(third.simulation()).isEqualTo(new Simulation.Success(0));
    // The same answers as the checks asked one at a time, on the same state.
    assertThat(first.estimate()).isEqualTo(relayChain.estimateGas(opens));
    assertThat(third.estimate()).isEqualTo(relayChain.estimateGas(opensAgain));
    assertThat(((Simulation.Success) first.estimate()).gas()).isGreaterThan(21_000L);
    assertThat(second.estimate()).isEqualTo(relayChain.estimateGas(settles));
    assertThat(second.simulation()).isEqualTo(relayChain.simulate(settles, "pending"));
    assertThat(List.of(first.minedNonce(), second.minedNonce(), third.minedNonce()))
        .containsExactly(0L, 1L, 1L);
    assertThat(checks.market()).isEqualTo(relayChain.feeMarket());
    assertThat(checks.market().nextBaseFee()).isPositive();
  }

  @Test
  void shouldCheckNothingAndSayTheBatchFailedWhenTheNodeDoesNotAnswer() {
    RelayChain unreachable =
        new RpcRelayChain(
            ChainClient.create(
                    ChainClient.Settings.of(List.of("http://127.0.0.1:1"), Optional.empty()),
                    new SimpleMeterRegistry())
                .rpc());
    CallSpec opens =
        CallSpec.of(
            RelayTestChain.address(keyA),
            hub,
            RelayTestChain.openCall(partner(), 3600, BigInteger.ZERO),
            BigInteger.ONE);

    assertThatThrownBy(() -> unreachable.sendChecks(List.of(opens)))
        .isInstanceOfSatisfying(
            ChainException.class, failure -> assertThat(failure.isRetryable()).isTrue());
  }

  @Test
  void shouldBroadcastEachTransactionOnItsOwn() {
    String first =
        chain.signHubCall(
            keyA, hub, BigInteger.ZERO, RelayTestChain.openCall(partner(), 3600, BigInteger.ZERO));

    List<Result<SendResult>> results = relayChain.send(List.of(first, "0x01", first));

    assertThat(results).hasSize(3);
    assertThat(results.get(0).get())
        .isEqualTo(new SendResult.Accepted(Hash.sha3(first).toLowerCase()));
    assertThat(results.get(1).get()).isInstanceOf(SendResult.Refused.class);
    // The same transaction again: the node knows it (or has mined it by now).
    assertThat(results.get(2).get())
        .isInstanceOfAny(SendResult.Accepted.class, SendResult.NonceTooLow.class);
    assertThat(chain.receipt(Hash.sha3(first))).isNotNull();
  }
}
