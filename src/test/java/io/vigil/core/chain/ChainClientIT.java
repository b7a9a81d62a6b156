package io.vigil.core.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.core.channel.ChannelId;
import io.vigil.core.crypto.Address;
import io.vigil.testsupport.Anvil;
import io.vigil.testsupport.HubFixture;
import io.vigil.testsupport.OnPrivateHubChain;
import io.vigil.testsupport.Ports;
import io.vigil.testsupport.RpcProxy;
import io.vigil.testsupport.contract.ChannelHub;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/** The chain client against a real anvil, behind proxies that fail the way providers do. */
class ChainClientIT extends OnPrivateHubChain {

  private static ChainClient client(ChainClient.Settings settings) {
    return ChainClient.create(settings, new SimpleMeterRegistry());
  }

  /** A client of {@code endpoints}, in this order, that knows no hub. */
  private static ChainClient client(String... endpoints) {
    return client(ChainClient.Settings.of(List.of(endpoints), Optional.empty()));
  }

  private static String deadEndpoint() {
    return "http://127.0.0.1:" + Ports.free();
  }

  @Test
  void shouldFallBackToNextEndpointWhenFirstDoesNotAnswer() {
    try (ChainClient chain = client(deadEndpoint(), anvil.rpcUrl())) {
      assertThat(chain.chainId()).isEqualTo(Anvil.CHAIN_ID);
      assertThat(chain.preferredEndpoint()).isEqualTo(1);
      assertThat(chain.probeEndpoints())
          .containsExactly(Optional.empty(), Optional.of(Anvil.CHAIN_ID));
    }
  }

  @Test
  void shouldFallBackWhenEndpointAnswersHttpError() {
    try (RpcProxy unwell = RpcProxy.in(anvil.rpcUrl()).answerHttpStatus(503);
        ChainClient chain = client(unwell.url(), anvil.rpcUrl())) {
      long head = chain.blockNumber();

      assertThat(head).isEqualTo(hub.chain().blockNumber());
      assertThat(unwell.calls("eth_blockNumber")).isEqualTo(1);
    }
  }

  @Test
  void shouldReadTheHeadBlockWithItsFeeFiguresPastAnEndpointAnsweringHttpError() {
    try (RpcProxy unwell = RpcProxy.in(anvil.rpcUrl()).answerHttpStatus(503);
        ChainClient chain = client(unwell.url(), anvil.rpcUrl())) {
      HeadBlock head = chain.headBlock();

      assertThat(head.block().number()).isEqualTo(hub.chain().blockNumber());
      assertThat(head.baseFeePerGas()).isPositive();
      assertThat(head.gasLimit()).isPositive();
      assertThat(head.gasUsed()).isBetween(0L, head.gasLimit());
      assertThat(unwell.calls("eth_getBlockByNumber")).isEqualTo(1);
    }
  }

  @Test
  void shouldThrowRetryableWhenEveryEndpointIsDown() {
    try (ChainClient chain = client(deadEndpoint(), deadEndpoint())) {
      assertThatThrownBy(chain::blockNumber)
          .isInstanceOfSatisfying(ChainException.class, e -> assertThat(e.isRetryable()).isTrue())
          .hasMessageContaining("every JSON-RPC endpoint failed");
    }
  }

  @Test
  void shouldReturnRevertAsOutcomeWithoutTryingOtherEndpoints() {
    try (RpcProxy first = RpcProxy.in(anvil.rpcUrl());
        RpcProxy second = RpcProxy.in(anvil.rpcUrl());
        ChainClient chain = client(first.url(), second.url())) {
      String settleUnknown = hub.reader().settle(new byte[32]).encodeFunctionCall();

      CallOutcome outcome =
          chain.call(HubFixture.devKey(1).address(), hub.hub(), settleUnknown, BigInteger.ZERO);

      assertThat(outcome)
          .isInstanceOfSatisfying(
              CallOutcome.Reverted.class,
              reverted -> assertThat(reverted.reason()).isEqualTo("UnknownChannel"));
      assertThat(first.calls("eth_call")).isEqualTo(1);
      assertThat(second.calls("eth_call")).isZero();
    }
  }

  @Test
  void shouldShrinkLogRangeWhenProviderRefusesItAndStillReturnEveryEvent() throws Exception {
    long from = hub.chain().blockNumber() + 1;
    for (int i = 0; i < 4; i++) {
      hub.open(
          HubFixture.devKey(1),
          HubFixture.devKey(2),
          HubFixture.ETHER,
          BigInteger.ZERO,
          3600,
          BigInteger.ZERO);
      anvil.mine(7);
    }
    long to = hub.chain().blockNumber();
    List<HubEvent> direct = hub.chain().hubEvents(from, to);

    try (RpcProxy strict = RpcProxy.in(anvil.rpcUrl()).refuseLogRangesAbove(5);
        ChainClient chain =
            client(
                ChainClient.Settings.of(List.of(strict.url()), Optional.of(hub.hub()))
                    .withMaxLogRange(1000))) {
      List<HubEvent> throughStrict = chain.hubEvents(from, to);

      assertThat(throughStrict).hasSize(4).isEqualTo(direct);
      assertThat(throughStrict).allMatch(HubEvent.ChannelOpened.class::isInstance);
      assertThat(strict.refusedLogQueries()).isPositive();
      assertThat(chain.currentLogRange()).isLessThan(1000);
    }
  }

  @Test
  void shouldDecodeOpenAndDepositEventsWithTheirPositions() throws Exception {
    ChannelId id =
        hub.open(
            HubFixture.devKey(3),
            HubFixture.devKey(4),
            HubFixture.ETHER,
            HubFixture.ETHER.multiply(BigInteger.TWO),
            600,
            BigInteger.valueOf(1_000));
    long head = hub.chain().blockNumber();

    List<HubEvent> events = hub.chain().hubEvents(head - 1, head);

    assertThat(events).hasSize(2);
    assertThat(events.get(0))
        .isInstanceOfSatisfying(
            HubEvent.ChannelOpened.class,
            opened -> {
              assertThat(opened.channelId()).isEqualTo(id);
              assertThat(opened.partyA()).isEqualTo(HubFixture.devKey(3).address());
              assertThat(opened.partyB()).isEqualTo(HubFixture.devKey(4).address());
              assertThat(opened.deposit()).isEqualTo(HubFixture.ETHER);
              assertThat(opened.challengePeriod()).isEqualTo(600);
              assertThat(opened.bounty()).isEqualTo(BigInteger.valueOf(1_000));
              assertThat(opened.blockNumber()).isEqualTo(head - 1);
            });
    assertThat(events.get(1))
        .isInstanceOfSatisfying(
            HubEvent.Deposited.class,
            deposited -> {
              assertThat(deposited.channelId()).isEqualTo(id);
              assertThat(deposited.total())
                  .isEqualTo(HubFixture.ETHER.multiply(BigInteger.valueOf(3)));
              assertThat(deposited.blockHash())
                  .isEqualTo(hub.chain().block(head).orElseThrow().hash());
              assertThat(deposited.transactionHash()).startsWith("0x").hasSize(66);
            });
  }

  @Test
  void shouldSeeReceiptWithinPollIntervalsOfBeingMined() throws Exception {
    ChainClient chain = hub.chain();
    Address from = HubFixture.devKey(5).address();
    RawTransaction transfer =
        RawTransaction.createEtherTransaction(
            Anvil.CHAIN_ID,
            BigInteger.valueOf(chain.nonce(from, true)),
            BigInteger.valueOf(21_000),
            HubFixture.devKey(6).address().hex(),
            BigInteger.ONE,
            BigInteger.ONE,
            chain.fees().maxFeePerGas());
    String signed =
        Numeric.toHexString(
            TransactionEncoder.signMessage(transfer, HubFixture.devKey(5).credentials()));
    anvil.setAutomine(false);
    try {
      String hash = chain.sendRawTransaction(signed);
      CompletableFuture<Optional<TransactionReceipt>> waiting =
          CompletableFuture.supplyAsync(
              () -> {
                // The pool thread's context loader is the system one, while this class (and so
                // Mutiny, which finds its service providers through the context loader) may come
                // from the test framework's loader.
                Thread.currentThread().setContextClassLoader(ChainClientIT.class.getClassLoader());
                return chain.awaitReceipt(hash, Duration.ofSeconds(10));
              });
      assertThat(chain.receipt(hash)).isEmpty();

      anvil.mine(1);
      long minedAt = System.nanoTime();
      Optional<TransactionReceipt> receipt = waiting.get(10, TimeUnit.SECONDS);
      long seenAfterMillis = (System.nanoTime() - minedAt) / 1_000_000;

      assertThat(receipt).hasValueSatisfying(r -> assertThat(r.isStatusOK()).isTrue());
      assertThat(seenAfterMillis).isLessThan(2_000);
    } finally {
      anvil.setAutomine(true);
    }
  }

  @Test
  void shouldReadHubThroughWrapperOverFallback() throws Exception {
    ChannelHub reader = hub.reader();

    assertThat(reader.domainSeparator().send()).isEqualTo(hub.eip712().domain().separator());
  }
}
