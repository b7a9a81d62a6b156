package io.vigil.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.chain.BlockRef;
import io.vigil.core.chain.ChainException;
import io.vigil.core.chain.ErrorClass;
import io.vigil.core.chain.HeadBlock;
import io.vigil.testsupport.MutableClock;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class NodeHeadTest {

  private static final BigInteger GWEI = BigInteger.TEN.pow(9);
  private static final long LIMIT = 30_000_000;

  @Test
  void shouldKeepTheBaseFeeWhenTheBlockUsedHalfItsGasLimit() {
    assertThat(NodeHead.nextBaseFee(GWEI, LIMIT / 2, LIMIT)).isEqualTo(GWEI);
  }

  @Test
  void shouldRaiseTheBaseFeeByAnEighthAfterAFullBlock() {
    assertThat(NodeHead.nextBaseFee(GWEI, LIMIT, LIMIT))
        .isEqualTo(BigInteger.valueOf(1_125_000_000));
  }

  @Test
  void shouldLowerTheBaseFeeByAnEighthAfterAnEmptyBlock() {
    assertThat(NodeHead.nextBaseFee(GWEI, 0, LIMIT)).isEqualTo(BigInteger.valueOf(875_000_000));
  }

  @Test
  void shouldRaiseATinyBaseFeeByAtLeastOneWeiWhenTheBlockWasAboveTarget() {
    assertThat(NodeHead.nextBaseFee(BigInteger.valueOf(7), LIMIT / 2 + 1, LIMIT))
        .isEqualTo(BigInteger.valueOf(8));
  }

  @Test
  void shouldAnswerZeroWhenTheBlockHasNoBaseFee() {
    assertThat(NodeHead.nextBaseFee(null, LIMIT, LIMIT)).isEqualTo(BigInteger.ZERO);
  }

  @Test
  void shouldReuseTheHeadWithinTheCacheTimeAndAskAgainAfter() {
    AtomicInteger reads = new AtomicInteger();
    MutableClock now = MutableClock.atEpoch();
    NodeHead head =
        head(() -> block(100 + reads.getAndIncrement(), GWEI, LIMIT), Duration.ofMillis(250), now);

    assertThat(head.latest().number()).isEqualTo(100);
    assertThat(head.nextBaseFee()).isEqualTo(BigInteger.valueOf(1_125_000_000));
    now.set(Instant.EPOCH.plusMillis(249));
    assertThat(head.latest().number()).isEqualTo(100);
    assertThat(reads).hasValue(1);

    now.set(Instant.EPOCH.plusMillis(250));
    assertThat(head.latest().number()).isEqualTo(101);
    assertThat(reads).hasValue(2);
  }

  @Test
  void shouldPassTheTransportsClassifiedFailureOnAndAskAgainNextTime() {
    AtomicInteger reads = new AtomicInteger();
    MutableClock now = MutableClock.atEpoch();
    NodeHead head =
        head(
            () -> {
              if (reads.getAndIncrement() == 0) {
                throw new ChainException(ErrorClass.RETRYABLE, "all endpoints down", null, null);
              }
              return block(7, BigInteger.ZERO, LIMIT);
            },
            Duration.ofMillis(250),
            now);

    assertThatThrownBy(head::latest)
        .isInstanceOfSatisfying(
            ChainException.class, e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.RETRYABLE));
    assertThat(head.latest().number()).isEqualTo(7);
    assertThat(head.nextBaseFee()).isEqualTo(BigInteger.ZERO);
  }

  private static NodeHead head(Supplier<HeadBlock> reads, Duration cacheTime, MutableClock now) {
    return new NodeHead(reads, () -> 31337, cacheTime, now);
  }

  private static HeadBlock block(long number, BigInteger baseFee, long gasUsed) {
    return HeadBlock.of(
        BlockRef.of(number, hash(number), hash(number - 1), 1_700_000_000 + number),
        baseFee,
        gasUsed,
        LIMIT);
  }

  private static String hash(long number) {
    return String.format("0x%064x", number);
  }
}
