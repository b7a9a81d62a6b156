package io.vigil.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.messaging.ChannelEvent;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RangeReadsTest {

  private final ThreadPoolExecutor pool = RangeReads.pool(2);

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  private static long blocks(long[] span) {
    return span[1] - span[0] + 1;
  }

  /** The spans cover {@code from..to} exactly, in order, without gaps or overlaps. */
  private static void assertCovers(List<long[]> spans, long from, long to) {
    assertThat(spans.get(0)[0]).isEqualTo(from);
    assertThat(spans.get(spans.size() - 1)[1]).isEqualTo(to);
    for (int i = 1; i < spans.size(); i++) {
      assertThat(spans.get(i)[0]).isEqualTo(spans.get(i - 1)[1] + 1);
    }
  }

  @Test
  void shouldSplitACatchUpIntoParallelRangesWhenTheLogRangeAllowsIt() {
    List<long[]> spans = RangeReads.split(101, 10_034, 4, 2_000, 10_000);

    assertThat(spans).hasSize(4);
    assertCovers(spans, 101, 10_034);
    assertThat(spans).allSatisfy(span -> assertThat(blocks(span)).isBetween(2_483L, 2_484L));
  }

  @Test
  void shouldTakeMoreRangesThanParallelOnlyWhenTheLogRangeIsTooShort() {
    List<long[]> spans = RangeReads.split(1, 9_934, 4, 2_000, 2_000);

    assertThat(spans).hasSize(5);
    assertCovers(spans, 1, 9_934);
    assertThat(spans).allSatisfy(span -> assertThat(blocks(span)).isLessThanOrEqualTo(2_000));
  }

  @Test
  void shouldKeepASpanBelowRangeBlocksInOneRange() {
    assertThat(RangeReads.split(1, 1_500, 4, 2_000, 10_000))
        .singleElement()
        .satisfies(span -> assertThat(span).containsExactly(1, 1_500));
    assertThat(RangeReads.split(1, 3_000, 4, 2_000, 10_000))
        .hasSize(2)
        .allSatisfy(span -> assertThat(blocks(span)).isEqualTo(1_500));
    assertThat(RangeReads.split(5, 4, 4, 2_000, 10_000)).isEmpty();
  }

  @Test
  void shouldFallToSingleBlocksWhenTheLogRangeShrankToOne() {
    List<long[]> spans = RangeReads.split(10, 19, 4, 2_000, 1);

    assertThat(spans).hasSize(10).allSatisfy(span -> assertThat(blocks(span)).isOne());
    assertCovers(spans, 10, 19);
  }

  @Test
  void shouldCancelItsOwnReadsWhenClosedAndLeaveThePoolServingLaterSteps() throws Exception {
    CountDownLatch started = new CountDownLatch(2);
    CountDownLatch interrupted = new CountDownLatch(2);
    RangeReads.Read blocking =
        (from, to) -> {
          started.countDown();
          try {
            Thread.sleep(TimeUnit.MINUTES.toMillis(1));
          } catch (InterruptedException e) {
            interrupted.countDown();
          }
          return List.of();
        };
    RangeReads stuck =
        RangeReads.start(
            blocking, pool, RangeReads.split(1, 4_000, 2, 1_000, 10_000), 4_001, 4_010);
    assertThat(started.await(10, TimeUnit.SECONDS)).as("both threads reading").isTrue();

    stuck.close();

    assertThat(interrupted.await(10, TimeUnit.SECONDS)).as("running reads interrupted").isTrue();
    assertThatThrownBy(stuck::join).hasMessageContaining("cancelled");
    assertThat(pool.isShutdown()).isFalse();
    try (RangeReads next =
        RangeReads.start(
            (from, to) -> List.of(event(from), event(to)),
            pool,
            RangeReads.split(1, 10, 2, 1, 10_000),
            11,
            12)) {
      assertThat(next.join())
          .extracting(ChannelEvent::blockNumber)
          .containsExactly(1L, 5L, 6L, 10L);
      assertThat(next.tail()).extracting(ChannelEvent::blockNumber).containsExactly(11L, 12L);
    }
    assertThat(pool.getQueue()).as("no cancelled read left queued").isEmpty();
    assertThat(pool.getPoolSize()).isEqualTo(2);
  }

  private static ChannelEvent event(long block) {
    return FakeChain.event(
        io.vigil.core.chain.BlockRef.of(
            block, FakeChain.hash(block, 0), FakeChain.hash(block - 1, 0), 0),
        0);
  }
}
