package io.vigil.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.chain.BlockRef;
import io.vigil.core.chain.ChainBlock;
import io.vigil.core.chain.ChainException;
import io.vigil.core.chain.ChainListener;
import io.vigil.core.chain.ErrorClass;
import io.vigil.core.messaging.ChannelEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
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
    // One range for the old blocks, one for the newest (each then pinned to its header's hash).
    assertThat(chain.rangeCalls.get()).isEqualTo(2);
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

  @Test
  void shouldAskEveryReadOfAStepInOneCall() {
    chain.mine(500, true);
    Relay reader = new Relay(chain, 100);

    ChainFollower.Progress progress = ranged(reader, 10, 8).advance(10_000);

    assertThat(progress.cursor()).contains(chain.tip());
    assertThat(reader.reads).as("one call for the whole catch-up").isEqualTo(1);
    assertThat(reader.batchSizes)
        .as("the cursor, the old part's end, the newest 10")
        .containsExactly(12);
    assertThat(reader.ranges)
        .extracting(span -> span[0] + ".." + span[1])
        .as("the old part in 5 ranges of at most 100 blocks, then the newest blocks")
        .containsExactly("1..98", "99..196", "197..294", "295..392", "393..490", "491..500");
    assertThat(reader.headCalls).isEqualTo(1);
    assertThat(recorder.connected)
        .flatExtracting(ChainBlock::events)
        .extracting(ChannelEvent::blockNumber)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 500).boxed().toList());
    assertThat(store.cursor).isEqualTo(chain.tip());
  }

  @Test
  void shouldApplyNothingOfTheRangesAndResumeFromTheCursorWhenOneRangeFails() {
    ChainFollower follower = followedTo(0, false);
    chain.mine(500, true);
    recorder.clear();
    ChainReader failing =
        new Relay(chain, 100) {
          @Override
          public List<ChannelEvent> events(long from, long to) {
            if (from > 1 && from <= 201 && 201 <= to) {
              throw new ChainException(ErrorClass.RETRYABLE, "endpoint went away", null, null);
            }
            return chain.events(from, to);
          }
        };

    assertThatThrownBy(() -> ranged(failing, 10, 8).advance(10_000))
        .isInstanceOf(ChainException.class)
        .hasMessageContaining("endpoint went away");
    assertThat(recorder.connected).isEmpty();
    assertThat(store.cursor).isEqualTo(chain.at(0));

    ChainFollower.Progress progress = follower.advance(10_000);

    assertThat(progress.caughtUp()).isTrue();
    assertThat(recorder.connected)
        .flatExtracting(ChainBlock::events)
        .extracting(ChannelEvent::blockNumber)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 500).boxed().toList());
  }

  @Test
  void shouldAskTheNewestHeadersInOneBatchWhenCatchingUp() {
    chain.mine(500, true);
    Relay counting = new Relay(chain);

    ChainFollower.Progress progress = ranged(counting, 64, 8).advance(10_000);

    assertThat(progress.cursor()).contains(chain.tip());
    assertThat(counting.batches).isEqualTo(1);
    assertThat(counting.batchSizes).containsExactly(1 + 1 + 64);
    assertThat(
            recorder.connected.subList(recorder.connected.size() - 64, recorder.connected.size()))
        .extracting(ChainBlock::block)
        .containsExactlyElementsOf(LongStream.rangeClosed(437, 500).mapToObj(chain::at).toList());
  }

  @Test
  void shouldStepBackAndFollowTheNewBranchWhenTheTipReorgsWhileItsHeadersAreRead() {
    ChainFollower follower = followedTo(100, true);
    chain.mine(40, true);
    recorder.clear();
    List<String> abandoned = new ArrayList<>();
    ChainReader reorging =
        new Relay(chain) {
          private boolean reorged;

          @Override
          public List<Optional<BlockRef>> blocks(List<Long> numbers) {
            if (reorged) {
              return chain.blocks(numbers);
            }
            // The first half answers from the old branch, the rest from the new one.
            reorged = true;
            List<Optional<BlockRef>> old = chain.blocks(numbers.subList(0, numbers.size() / 2));
            for (long n = 111; n <= 140; n++) {
              abandoned.add(chain.at(n).hash());
            }
            chain.reorg(30).mine(32, true);
            List<Optional<BlockRef>> answers = new ArrayList<>(old);
            answers.addAll(chain.blocks(numbers.subList(numbers.size() / 2, numbers.size())));
            return answers;
          }
        };

    ChainFollower.Progress progress =
        new ChainFollower(
                reorging,
                store,
                List.of(recorder),
                new ChainFollower.Settings(0, Optional.of(0L), 128, 64))
            .advance(1_000);

    // The head was asked before the reorg: the round ends at its height, on the new branch.
    assertThat(progress.cursor()).contains(chain.at(140));
    List<String> stillConnected = new ArrayList<>();
    for (String step : recorder.order) {
      if (step.startsWith("+")) {
        stillConnected.add(step.substring(1));
      } else {
        assertThat(stillConnected.remove(stillConnected.size() - 1)).isEqualTo(step.substring(1));
      }
    }
    assertThat(stillConnected)
        .containsExactlyElementsOf(
            LongStream.rangeClosed(101, 140).mapToObj(n -> chain.at(n).hash()).toList());
    assertThat(recorder.disconnected)
        .extracting(block -> block.block().hash())
        .isSubsetOf(abandoned)
        .isNotEmpty();
    follower.advance(1_000);
    assertThat(store.cursor).isEqualTo(chain.tip());
  }

  @Test
  void shouldTakeSeveralStepsWhenTheOldPartNeedsMoreRangesThanOneStepAsks() {
    chain.mine(500, true);
    Relay reader = new Relay(chain, 50);

    ChainFollower.Progress progress = ranged(reader, 10, 4).advance(10_000);

    assertThat(progress.cursor()).contains(chain.tip());
    assertThat(reader.perRead)
        .as("at most 4 old ranges of at most 50 blocks each per step, the newest blocks last")
        .containsExactly(4, 4, 2 + 1);
    assertThat(reader.ranges)
        .allSatisfy(span -> assertThat(span[1] - span[0] + 1).isLessThanOrEqualTo(50));
    assertThat(reader.batchSizes)
        .as("the cursor is confirmed once; each step asks its old part's end, the last the newest")
        .containsExactly(2, 1, 1 + 10);
    assertThat(recorder.connected)
        .flatExtracting(ChainBlock::events)
        .extracting(ChannelEvent::blockNumber)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 500).boxed().toList());
  }

  @Test
  void shouldNeverAskARangeLongerThanTheReadersLogRange() {
    chain.mine(500, true);
    List<Long> sizes = Collections.synchronizedList(new ArrayList<>());
    ChainReader capped =
        new Relay(chain) {
          @Override
          public long logRange() {
            return 50;
          }

          @Override
          public List<ChannelEvent> events(long from, long to) {
            sizes.add(to - from + 1);
            return chain.events(from, to);
          }
        };

    ChainFollower.Progress progress = ranged(capped, 10, 8).advance(10_000);

    assertThat(progress.cursor()).contains(chain.tip());
    assertThat(sizes).hasSize(11).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(50));
    assertThat(recorder.connected)
        .flatExtracting(ChainBlock::events)
        .extracting(ChannelEvent::blockNumber)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 500).boxed().toList());
  }

  @Test
  void shouldAimAtAKnownHeadWithoutAskingTheNodeForIt() {
    chain.mine(20, true);
    Relay counting = new Relay(chain);

    ChainFollower.Progress progress = ranged(counting, 4, 8).advance(1_000, OptionalLong.of(20));

    assertThat(counting.headCalls).isZero();
    assertThat(progress.head()).isEqualTo(20);
    assertThat(progress.caughtUp()).isTrue();
    assertThat(store.cursor).isEqualTo(chain.tip());
    assertThat(recorder.connected)
        .extracting(block -> block.block().hash())
        .containsExactlyElementsOf(
            LongStream.rangeClosed(0, 20).mapToObj(n -> chain.at(n).hash()).toList());
  }

  @Test
  void shouldConnectOnlyTheNodesOwnBlocksWhenAKnownHeadIsAheadOfTheNode() {
    chain.mine(10, true);
    ChainFollower follower = ranged(new Relay(chain), 4, 8);

    ChainFollower.Progress near = follower.advance(1_000, OptionalLong.of(12));

    assertThat(near.cursor()).contains(chain.tip());
    assertThat(near.caughtUp()).isFalse();

    chain.mine(5, true);
    ChainFollower.Progress far = follower.advance(1_000, OptionalLong.of(100_000));

    assertThat(far.connected()).isZero();
    assertThat(far.cursor()).contains(chain.at(10));

    ChainFollower.Progress asked = follower.advance(1_000);

    assertThat(asked.caughtUp()).isTrue();
    assertThat(recorder.disconnected).isEmpty();
    assertThat(recorder.connected)
        .extracting(block -> block.block().hash())
        .containsExactlyElementsOf(
            LongStream.rangeClosed(0, 15).mapToObj(n -> chain.at(n).hash()).toList());
    assertThat(store.cursor).isEqualTo(chain.tip());
  }

  @Test
  void shouldStillStepBackOnAReorgWhenTheHeadIsKnown() {
    ChainFollower follower = followedTo(6, true);
    List<String> abandoned = List.of(chain.at(6).hash(), chain.at(5).hash());
    recorder.clear();

    chain.reorg(2).mine(3, true);
    ChainFollower.Progress progress =
        follower.advance(1_000, OptionalLong.of(chain.tip().number()));

    assertThat(progress.disconnected()).isEqualTo(2);
    assertThat(recorder.order)
        .containsExactly(
            "-" + abandoned.get(0),
            "-" + abandoned.get(1),
            "+" + chain.at(5).hash(),
            "+" + chain.at(6).hash(),
            "+" + chain.at(7).hash());
    assertThat(store.cursor).isEqualTo(chain.tip());
  }

  private ChainFollower ranged(ChainReader reader, int safeDepth, int rangesPerStep) {
    return new ChainFollower(
        reader,
        store,
        List.of(recorder),
        new ChainFollower.Settings(0, Optional.of(0L), 16, safeDepth, rangesPerStep));
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).as("later ranges answered").isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Passes every read to the fake chain, counting the steps' reads, the header batches and their
   * sizes, and recording the ranges asked.
   */
  private static class Relay implements ChainReader {
    final FakeChain chain;
    final long logRange;
    int headCalls;
    int batches;
    int reads;
    final List<Integer> batchSizes = new ArrayList<>();
    final List<long[]> ranges = new ArrayList<>();
    final List<Integer> perRead = new ArrayList<>();

    Relay(FakeChain chain) {
      this(chain, Long.MAX_VALUE);
    }

    Relay(FakeChain chain, long logRange) {
      this.chain = chain;
      this.logRange = logRange;
    }

    @Override
    public long logRange() {
      return logRange;
    }

    @Override
    public Answers read(List<Long> numbers, List<long[]> asked) {
      reads++;
      ranges.addAll(asked);
      perRead.add(asked.size());
      return ChainReader.super.read(numbers, asked);
    }

    @Override
    public long headNumber() {
      headCalls++;
      return chain.headNumber();
    }

    @Override
    public Optional<BlockRef> block(long number) {
      return chain.block(number);
    }

    @Override
    public List<Optional<BlockRef>> blocks(List<Long> numbers) {
      batches++;
      batchSizes.add(numbers.size());
      return chain.blocks(numbers);
    }

    @Override
    public List<ChannelEvent> events(BlockRef block) {
      return chain.events(block);
    }

    @Override
    public List<ChannelEvent> events(long from, long to) {
      return chain.events(from, to);
    }
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
