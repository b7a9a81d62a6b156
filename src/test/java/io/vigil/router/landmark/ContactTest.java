package io.vigil.router.landmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Capacities at the extremes: exact, or an error, never a wrapped-around number. */
class ContactTest {

  private static final long MAX = Contact.MAX_AMOUNT;

  @Test
  void shouldThrowRatherThanWrapWhenExtremeDebtAndPendingWouldOverflow() {
    // trust 0, debt Long.MIN_VALUE, one pending each way: wrapped, both capacities were MAX_VALUE
    Contact.Trustline line = new Contact.Trustline(0, 0, Long.MIN_VALUE, 1, 1);

    assertThatThrownBy(line::capacityOut).isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(line::capacityIn).isInstanceOf(ArithmeticException.class);
    Contact.Trustline owed = new Contact.Trustline(Long.MAX_VALUE, 0, Long.MAX_VALUE, 0, 0);
    assertThatThrownBy(owed::capacityIn).isInstanceOf(ArithmeticException.class);
  }

  @Test
  void shouldComputeExactCapacitiesWhenEveryValueIsAtItsLimit() {
    Contact.Trustline owedMost = new Contact.Trustline(MAX, MAX, -MAX, 0, 0);
    Contact.Trustline owesMost = new Contact.Trustline(MAX, MAX, MAX, MAX, MAX);

    assertThat(owedMost.capacityOut()).isEqualTo(2 * MAX);
    assertThat(owedMost.capacityIn()).isZero();
    assertThat(owesMost.capacityOut()).isEqualTo(-MAX);
    assertThat(owesMost.capacityIn()).isEqualTo(MAX);
    assertThat(new Contact.Channel(MAX, MAX).capacityOut()).isEqualTo(MAX);
  }

  @Test
  void shouldThrowRatherThanWrapWhenATransferWouldOverflow() {
    Contact.Terms line = new Contact.Trustline(0, 0, Long.MAX_VALUE, 0, 0);
    Contact.Terms paying = new Contact.Channel(1, Long.MAX_VALUE);
    Contact.Terms paid = new Contact.Channel(Long.MAX_VALUE, 1);

    assertThatThrownBy(() -> line.afterTransfer(1)).isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> paying.afterTransfer(1)).isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> paid.afterTransfer(-1)).isInstanceOf(ArithmeticException.class);
  }
}
