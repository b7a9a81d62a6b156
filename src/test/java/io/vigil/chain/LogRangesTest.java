package io.vigil.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LogRangesTest {

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
  void shouldKeepASpanWithinTheLogRangeInOneRange() {
    assertThat(LogRanges.split(101, 10_034, 10_000))
        .singleElement()
        .satisfies(span -> assertThat(span).containsExactly(101, 10_034));
    assertThat(LogRanges.split(1, 10_000, 10_000)).hasSize(1);
  }

  @Test
  void shouldTakeTheFewestNearlyEqualRangesWhenTheLogRangeIsShorter() {
    List<long[]> spans = LogRanges.split(1, 9_934, 2_000);

    assertThat(spans).hasSize(5);
    assertCovers(spans, 1, 9_934);
    assertThat(spans).allSatisfy(span -> assertThat(blocks(span)).isBetween(1_986L, 1_987L));
  }

  @Test
  void shouldFallToSingleBlocksWhenTheLogRangeShrankToOne() {
    List<long[]> spans = LogRanges.split(10, 19, 1);

    assertThat(spans).hasSize(10).allSatisfy(span -> assertThat(blocks(span)).isOne());
    assertCovers(spans, 10, 19);
  }

  @Test
  void shouldGiveNothingForAnEmptySpan() {
    assertThat(LogRanges.split(5, 4, 10_000)).isEmpty();
  }
}
