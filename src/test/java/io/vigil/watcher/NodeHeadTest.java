package io.vigil.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
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
}
