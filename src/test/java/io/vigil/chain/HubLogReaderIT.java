package io.vigil.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.core.chain.ChainBlock;
import io.vigil.core.chain.ChainClient;
import io.vigil.core.chain.ChainException;
import io.vigil.core.chain.ChainListener;
import io.vigil.core.chain.ErrorClass;
import io.vigil.core.messaging.ChannelEvent;
import io.vigil.testsupport.HubFixture;
import io.vigil.testsupport.OnPrivateHubChain;
import io.vigil.testsupport.RpcProxy;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The follower's log reader against a real anvil behind proxies that fail the way providers do: a
 * refused log range shrinks the range and never fails over; an endpoint that is down or rate
 * limited is left for the next one without shrinking; any other error answer does neither.
 */
class HubLogReaderIT extends OnPrivateHubChain {

  private static final int MAX_RANGE = 1000;

  private static long from;
  private static long to;
  private static List<ChannelEvent> expected;

  /** Fresh for each test: JUnit makes a new instance of the class for every test. */
  private final MeterRegistry meters = new SimpleMeterRegistry();

  @BeforeAll
  static void openChannels() {
    from = hub.chain().blockNumber() + 1;
    for (int i = 0; i < 4; i++) {
      hub.open(
          HubFixture.devKey(1),
          HubFixture.devKey(2),
          HubFixture.ETHER,
          HubFixture.ETHER,
          3600,
          BigInteger.ZERO);
      anvil.mine(7);
    }
    to = hub.chain().blockNumber();
    expected = new HubLogReader(hub.chain()).events(from, to);
  }

  private static ChainClient client(List<String> urls, MeterRegistry meters) {
    return ChainClient.create(
        ChainClient.Settings.of(urls, Optional.of(hub.hub())).withMaxLogRange(MAX_RANGE), meters);
  }

  /** An endpoint that answers every {@code eth_getLogs} with this JSON-RPC error. */
  private static RpcProxy logsAnsweringError(int code, String message) {
    return RpcProxy.in(anvil.rpcUrl()).answerError("eth_getLogs", code, message);
  }

  private static double errors(MeterRegistry meters, int endpoint, String errorClass) {
    Counter counter =
        meters
            .find("vigil_chain_rpc_errors")
            .tag("endpoint", String.valueOf(endpoint))
            .tag("class", errorClass)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  private static double failovers(MeterRegistry meters, int fromEndpoint, int toEndpoint) {
    Counter counter =
        meters
            .find("vigil_chain_rpc_failovers")
            .tag("from", String.valueOf(fromEndpoint))
            .tag("to", String.valueOf(toEndpoint))
            .counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void shouldShrinkOnlyForTheRefusedRangeAndFailOverOnlyFromTheEndpointThatIsDown() {
    try (RpcProxy down = RpcProxy.in(anvil.rpcUrl()).answerHttpStatus(503);
        RpcProxy strict = RpcProxy.in(anvil.rpcUrl()).refuseLogRangesAbove(5);
        ChainClient chain = client(List.of(down.url(), strict.url()), meters)) {
      List<ChannelEvent> seen = new ArrayList<>();
      ChainFollower follower =
          new ChainFollower(
              new HubLogReader(chain),
              new MemoryChainStore(),
              List.of(collector(seen)),
              new ChainFollower.Settings(0, Optional.of(from), 128, 2));

      ChainFollower.Progress progress = follower.advance(MAX_RANGE);

      assertThat(progress.caughtUp()).isTrue();
      assertThat(seen).hasSize(8).containsExactlyElementsOf(expected);
      assertThat(strict.refusedLogQueries()).isPositive();
      assertThat(chain.currentLogRange()).isLessThan(MAX_RANGE);
      assertThat(errors(meters, 1, "range_too_large")).isEqualTo(strict.refusedLogQueries());
      assertThat(errors(meters, 0, "unavailable")).isPositive();
      assertThat(failovers(meters, 0, 1)).isEqualTo(errors(meters, 0, "unavailable"));
      assertThat(failovers(meters, 1, 0)).as("a refused range never fails over").isZero();
      assertThat(down.calls("eth_getLogs")).as("the endpoint that is down is left").isZero();
      assertThat(meters.get("vigil_chain_rpc_endpoint").gauge().value()).isEqualTo(1);
      assertThat(meters.get("vigil_chain_log_range_blocks").gauge().value())
          .isEqualTo(chain.currentLogRange());
    }
  }

  @Test
  void shouldAskACatchUpStepsHeadersAndLogRangesInOneRoundTrip() {
    try (RpcProxy counting = RpcProxy.in(anvil.rpcUrl());
        ChainClient chain = client(List.of(counting.url()), meters)) {
      MemoryChainStore store = new MemoryChainStore();
      store.connect(chain.block(from - 1).orElseThrow(), List.of(), 128);
      List<ChannelEvent> seen = new ArrayList<>();
      ChainFollower follower =
          new ChainFollower(
              new HubLogReader(chain),
              store,
              List.of(collector(seen)),
              new ChainFollower.Settings(0, Optional.empty(), 128, 2));

      int before = counting.requests();
      int headersBefore = counting.calls("eth_getBlockByNumber");

      ChainFollower.Progress progress = follower.advance(MAX_RANGE, OptionalLong.of(to));

      assertThat(progress.caughtUp()).isTrue();
      assertThat(seen).containsExactlyElementsOf(expected);
      assertThat(counting.requests() - before).as("one batch for the whole step").isEqualTo(1);
      assertThat(counting.calls("eth_getLogs")).as("the old part, then the newest 2").isEqualTo(2);
      assertThat(counting.calls("eth_getBlockByNumber") - headersBefore)
          .as("the cursor, the old part's end and the newest 2")
          .isEqualTo(4);
    }
  }

  @Test
  void shouldFailOverWithoutShrinkingWhenAnEndpointIsRateLimited() {
    try (RpcProxy limited =
            logsAnsweringError(-32005, "daily request count exceeded, request rate limited");
        RpcProxy healthy = RpcProxy.in(anvil.rpcUrl());
        ChainClient chain = client(List.of(limited.url(), healthy.url()), meters)) {

      List<ChannelEvent> events = new HubLogReader(chain).events(from, to);

      assertThat(events).isEqualTo(expected);
      assertThat(chain.currentLogRange()).isEqualTo(MAX_RANGE);
      assertThat(limited.calls("eth_getLogs")).isEqualTo(1);
      assertThat(healthy.calls("eth_getLogs")).isEqualTo(1);
      assertThat(errors(meters, 0, "unavailable")).isEqualTo(1);
      assertThat(failovers(meters, 0, 1)).isEqualTo(1);
    }
  }

  @Test
  void shouldSurfaceAnyOtherErrorAnswerWithoutShrinkingOrFailingOver() {
    try (RpcProxy rejecting =
            logsAnsweringError(-32602, "block range extends beyond current head block");
        RpcProxy healthy = RpcProxy.in(anvil.rpcUrl());
        ChainClient chain = client(List.of(rejecting.url(), healthy.url()), meters)) {
      HubLogReader reader = new HubLogReader(chain);

      assertThatThrownBy(() -> reader.events(from, to))
          .isInstanceOfSatisfying(
              ChainException.class, e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.FATAL))
          .hasMessageContaining("extends beyond current head block");
      assertThat(chain.currentLogRange()).isEqualTo(MAX_RANGE);
      assertThat(rejecting.calls("eth_getLogs")).isEqualTo(1);
      assertThat(healthy.calls("eth_getLogs")).isZero();
      assertThat(errors(meters, 0, "rejected")).isEqualTo(1);
      assertThat(meters.find("vigil_chain_rpc_failovers").counters()).isEmpty();
    }
  }

  private static ChainListener collector(List<ChannelEvent> seen) {
    return new ChainListener() {
      @Override
      public void blockConnected(ChainBlock block) {
        seen.addAll(block.events());
      }

      @Override
      public void blockDisconnected(ChainBlock block) {
        throw new AssertionError("no reorg expected: " + block);
      }
    };
  }
}
