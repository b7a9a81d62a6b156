package io.vigil.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.chain.ChainBlock;
import io.vigil.core.chain.ChainListener;
import io.vigil.core.messaging.ChannelEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChainFollowerTest {

  private final FakeChain chain = new FakeChain();
  private final MemoryChainStore store = new MemoryChainStore();
  private final Recorder recorder = new Recorder();

  private ChainFollower follower(int confirmations, int safeDepth) {
    return follower(store, confirmations, safeDepth);
  }

  private ChainFollower follower(ChainStore store, int confirmations, int safeDepth) {
    return new ChainFollower(
        chain,
        store,
        List.of(recorder),
        new ChainFollower.Settings(confirmations, Optional.of(0L), 16, safeDepth));
  }

  /**
   * Mines {@code blocks} blocks after the genesis (with events when {@code withEvents}), and
   * returns a follower without confirmations that has followed them to the tip.
   */
  private ChainFollower followedTo(int blocks, boolean withEvents) {
    chain.mine(blocks, withEvents);
    ChainFollower follower = follower(0, 64);
    follower.advance(1_000);
    return follower;
  }

  @Test
  void shouldConnectEveryBlockUpToTheConfirmedHeadWhenFollowing() {
    chain.mine(10, true);

    ChainFollower.Progress progress = follower(3, 64).advance(1_000);

    assertThat(progress.cursor()).contains(chain.at(7));
    assertThat(progress.caughtUp()).isTrue();
    assertThat(recorder.connected)
        .extracting(ChainBlock::block)
        .containsExactly(
            chain.at(0),
            chain.at(1),
            chain.at(2),
            chain.at(3),
            chain.at(4),
            chain.at(5),
            chain.at(6),
            chain.at(7));
    assertThat(store.cursor).isEqualTo(chain.at(7));
  }

  @Test
  void shouldDisconnectAbandonedBlocksNewestFirstThenConnectReplacementsWhenTheTipReorgs() {
    ChainFollower follower = followedTo(6, true);
    List<String> abandoned = List.of(chain.at(6).hash(), chain.at(5).hash());
    recorder.clear();

    chain.reorg(2).mine(3, true);
    ChainFollower.Progress progress = follower.advance(1_000);

    assertThat(progress.disconnected()).isEqualTo(2);
    assertThat(recorder.order)
        .containsExactly(
            "-" + abandoned.get(0),
            "-" + abandoned.get(1),
            "+" + chain.at(5).hash(),
            "+" + chain.at(6).hash(),
            "+" + chain.at(7).hash());
    assertThat(recorder.disconnected.get(0).events())
        .allSatisfy(event -> assertThat(event.retracted()).isTrue())
        .extracting(ChannelEvent::blockHash)
        .containsExactly(abandoned.get(0));
    assertThat(store.cursor).isEqualTo(chain.tip());
  }

  @Test
  void shouldStepBackWhenTheCursorBlockVanishesOnAShorterChain() {
    ChainFollower follower = followedTo(8, false);

    chain.reorg(3).mine(1, false);
    ChainFollower.Progress progress = follower.advance(1_000);

    assertThat(progress.disconnected()).isEqualTo(3);
    assertThat(store.cursor).isEqualTo(chain.tip());
    assertThat(chain.tip().number()).isEqualTo(6);
  }

  @Test
  void shouldHoldTheCursorWithoutRetractingWhenTheNodeLagsBehindIt() {
    ChainFollower follower = followedTo(8, true);
    recorder.clear();

    chain.lagBy(3);
    ChainFollower.Progress held = follower.advance(1_000);

    assertThat(held.disconnected()).isZero();
    assertThat(held.cursor()).contains(chain.at(8));
    assertThat(recorder.order).isEmpty();
    assertThat(store.cursor).isEqualTo(chain.at(8));

    chain.mine(5, true);
    ChainFollower.Progress resumed = follower.advance(1_000);

    assertThat(resumed.disconnected()).isZero();
    assertThat(recorder.order).containsExactly("+" + chain.at(9).hash(), "+" + chain.at(10).hash());
    assertThat(store.cursor).isEqualTo(chain.at(10));
  }

  @Test
  void shouldStepBackWhenALaggingNodeIsOnAShorterBranch() {
    ChainFollower follower = followedTo(8, false);

    chain.reorg(4).mine(3, false).lagBy(1);
    ChainFollower.Progress progress = follower.advance(1_000);

    assertThat(progress.disconnected()).isEqualTo(4);
    assertThat(store.cursor).isEqualTo(chain.at(6));
  }

  @Test
  void shouldFetchOldBlocksInRangesAndTheNewestOneByOneWhenCatchingUp() {
    chain.mine(500, true);
    ChainFollower follower = follower(0, 10);

    ChainFollower.Progress progress = follower.advance(10_000);

    assertThat(progress.cursor()).contains(chain.tip());
    assertThat(chain.rangeCalls).isEqualTo(1);
    assertThat(recorder.connected).hasSize(501);
    assertThat(recorder.connected)
        .flatExtracting(ChainBlock::events)
        .extracting(ChannelEvent::blockNumber)
        .isSorted()
        .doesNotHaveDuplicates()
        .hasSize(500);
  }

  @Test
  void shouldResumeFromTheStoredCursorWithoutRepeatingBlocksWhenRestarted() {
    chain.mine(5, true);
    follower(0, 64).advance(1_000);
    chain.mine(3, true);
    recorder.clear();

    follower(0, 64).advance(1_000);

    assertThat(recorder.connected)
        .extracting(block -> block.block().number())
        .containsExactly(6L, 7L, 8L);
  }

  @Test
  void shouldRefuseToGuessWhenTheReorgIsDeeperThanTheWindow() {
    ChainFollower follower = followedTo(40, false);

    chain.reorg(30).mine(31, false);

    assertThatThrownBy(() -> follower.advance(1_000))
        .isInstanceOf(ChainFollower.ReorgTooDeep.class);
  }

  @Test
  void shouldHearABlockAgainWhenTheStoreFailedAfterTheListeners() {
    ChainFollower follower = followedTo(3, true);
    chain.mine(1, true);
    ChainStore failing =
        new ChainStore() {
          @Override
          public Optional<io.vigil.core.chain.BlockRef> cursor() {
            return store.cursor();
          }

          @Override
          public void connect(
              io.vigil.core.chain.BlockRef block, List<ChannelEvent> events, int window) {
            throw new IllegalStateException("database went away");
          }

          @Override
          public List<ChannelEvent> eventsOf(io.vigil.core.chain.BlockRef block) {
            return store.eventsOf(block);
          }

          @Override
          public boolean disconnect(io.vigil.core.chain.BlockRef block) {
            return store.disconnect(block);
          }
        };
    recorder.clear();
    ChainFollower crashing = follower(failing, 0, 64);
    assertThatThrownBy(() -> crashing.advance(1_000)).isInstanceOf(IllegalStateException.class);

    follower.advance(1_000);

    assertThat(recorder.connected)
        .extracting(block -> block.block().number())
        .containsExactly(4L, 4L);
    assertThat(store.cursor).isEqualTo(chain.tip());
  }

  private static final class Recorder implements ChainListener {
    final List<ChainBlock> connected = new ArrayList<>();
    final List<ChainBlock> disconnected = new ArrayList<>();
    final List<String> order = new ArrayList<>();

    @Override
    public void blockConnected(ChainBlock block) {
      connected.add(block);
      order.add("+" + block.block().hash());
    }

    @Override
    public void blockDisconnected(ChainBlock block) {
      disconnected.add(block);
      order.add("-" + block.block().hash());
    }

    void clear() {
      connected.clear();
      disconnected.clear();
      order.clear();
    }
  }
}
