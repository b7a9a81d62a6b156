package io.vigil.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.messaging.TransactionOutcome.Status;
import io.vigil.relay.RelayConfig.ClientOutcomes;
import io.vigil.relay.persistence.RelayTransaction;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RelayLedgerTest {

  static RelayTransaction in(String kind, Status status) {
    RelayTransaction tx = new RelayTransaction();
    tx.kind = kind;
    RelayLedger.move(tx, status, null, Instant.EPOCH);
    return tx;
  }

  static Set<Status> published(String kind, ClientOutcomes setting) {
    Set<Status> published = EnumSet.noneOf(Status.class);
    for (Status status : Status.values()) {
      if (RelayLedger.published(in(kind, status), setting)) {
        published.add(status);
      }
    }
    return published;
  }

  @Test
  void shouldPublishOnlyTheFinalStatusesOfClientTransactionsByDefault() {
    assertThat(published(RelayTransaction.CLIENT, ClientOutcomes.FINAL))
        .containsExactlyInAnyOrder(Status.CONFIRMED, Status.FAILED, Status.CANCELLED);
  }

  @Test
  void shouldPublishEveryStatusOfClientTransactionsWhenAskedTo() {
    assertThat(published(RelayTransaction.CLIENT, ClientOutcomes.ALL))
        .isEqualTo(EnumSet.allOf(Status.class));
  }

  @Test
  void shouldAlwaysPublishEveryStatusOfVigilsOwnTransactions() {
    for (ClientOutcomes setting : ClientOutcomes.values()) {
      assertThat(published(RelayTransaction.OWN, setting))
          .as("with client-outcomes %s", setting)
          .isEqualTo(EnumSet.allOf(Status.class));
    }
  }
}
