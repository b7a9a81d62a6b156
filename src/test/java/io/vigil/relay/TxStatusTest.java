package io.vigil.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.messaging.TransactionOutcome.Status;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TxStatusTest {

  @Test
  void shouldPublishEachStatusUnderItsStoredName() {
    assertThat(Arrays.stream(TxStatus.values()).map(TxStatus::name))
        .containsExactly(Arrays.stream(Status.values()).map(Status::name).toArray(String[]::new));
    for (TxStatus status : TxStatus.values()) {
      assertThat(status.code().name()).isEqualTo(status.name());
    }
  }

  @Test
  void shouldBeFinalOnlyWhenConfirmedFailedOrCancelled() {
    assertThat(Arrays.stream(TxStatus.values()).filter(TxStatus::isFinal))
        .containsExactlyInAnyOrder(TxStatus.CONFIRMED, TxStatus.FAILED, TxStatus.CANCELLED);
  }
}
