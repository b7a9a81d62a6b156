package io.vigil.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.relay.RelayConfig.ClientOutcomes;
import io.vigil.relay.persistence.RelayTransaction;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RelayLedgerTest {

  static RelayTransaction in(String kind, TxStatus status) {
    RelayTransaction tx = new RelayTransaction();
    tx.kind = kind;
    RelayLedger.move(tx, status, null, Instant.EPOCH);
    return tx;
  }

  static Set<TxStatus> published(String kind, ClientOutcomes setting) {
    Set<TxStatus> published = EnumSet.noneOf(TxStatus.class);
    for (TxStatus status : TxStatus.values()) {
      if (RelayLedger.published(in(kind, status), setting)) {
        published.add(status);
      }
    }
    return published;
  }

  @Test
  void shouldPublishOnlyTheFinalStatusesOfClientTransactionsByDefault() {
    assertThat(published(RelayTransaction.CLIENT, ClientOutcomes.FINAL))
        .containsExactlyInAnyOrder(TxStatus.CONFIRMED, TxStatus.FAILED, TxStatus.CANCELLED);
  }

  @Test
  void shouldPublishEveryStatusOfClientTransactionsWhenAskedTo() {
    assertThat(published(RelayTransaction.CLIENT, ClientOutcomes.ALL))
        .isEqualTo(EnumSet.allOf(TxStatus.class));
  }

  @Test
  void shouldAlwaysPublishEveryStatusOfVigilsOwnTransactions() {
    for (ClientOutcomes setting : ClientOutcomes.values()) {
      assertThat(published(RelayTransaction.OWN, setting))
          .as("with client-outcomes %s", setting)
          .isEqualTo(EnumSet.allOf(TxStatus.class));
    }
  }
}
