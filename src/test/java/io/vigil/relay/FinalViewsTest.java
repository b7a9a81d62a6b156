package io.vigil.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.relay.persistence.RelayTransaction;
import org.junit.jupiter.api.Test;

class FinalViewsTest {

  static RelayTransaction row(int i, boolean done) {
    RelayTransaction tx = new RelayTransaction();
    tx.requestId = "raw:0x" + String.format("%064x", i);
    tx.txHash = String.format("0x%064x", i);
    tx.status = done ? TxStatus.CONFIRMED : TxStatus.INCLUDED;
    tx.done = done;
    return tx;
  }

  @Test
  void shouldAnswerAFinalRowByRequestIdAndByHashWhenTheCarrierFinishedIt() {
    FinalViews views = new FinalViews();
    RelayTransaction tx = row(1, true);

    views.put(tx);

    assertThat(views.get(tx.requestId)).containsSame(tx);
    assertThat(views.get(tx.txHash)).containsSame(tx);
  }

  @Test
  void shouldKeepNothingWhenTheRowIsNotFinal() {
    FinalViews views = new FinalViews();
    RelayTransaction tx = row(2, false);

    views.put(tx);

    assertThat(views.get(tx.requestId)).isEmpty();
    assertThat(views.get(tx.txHash)).isEmpty();
  }

  @Test
  void shouldForgetTheOldestRowsWhenFull() {
    FinalViews views = new FinalViews();
    for (int i = 0; i <= FinalViews.CAPACITY; i++) {
      views.put(row(i, true));
    }

    assertThat(views.get(row(0, true).requestId)).isEmpty();
    assertThat(views.get(row(0, true).txHash)).isEmpty();
    assertThat(views.get(row(FinalViews.CAPACITY, true).requestId)).isPresent();
    assertThat(views.get(row(1, true).txHash)).isPresent();
  }
}
