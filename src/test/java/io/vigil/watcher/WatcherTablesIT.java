package io.vigil.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionalException;
import org.junit.jupiter.api.Test;

/**
 * Every watcher table runs only inside its caller's transaction: the watcher writes each decision
 * in the transaction that applies the event behind it, so a call outside one is a bug and is
 * refused before it touches the database.
 */
@QuarkusTest
@TestProfile(WatchtowerProfile.class)
class WatcherTablesIT {

  private static final String UNKNOWN = "0x" + "ab".repeat(32);

  @Inject WatcherTables tables;

  @Test
  void shouldRefuseEveryTableCalledOutsideATransaction() {
    assertThatThrownBy(() -> tables.channels().findChannel(UNKNOWN))
        .isInstanceOf(TransactionalException.class);
    assertThatThrownBy(() -> tables.states().lockState(UNKNOWN))
        .isInstanceOf(TransactionalException.class);
    assertThatThrownBy(() -> tables.outcomes().findOutcome(UNKNOWN))
        .isInstanceOf(TransactionalException.class);
    assertThatThrownBy(() -> tables.requests().requestsOf(UNKNOWN))
        .isInstanceOf(TransactionalException.class);
  }

  @Test
  void shouldAnswerEveryTableInsideATransaction() {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              assertThat(tables.channels().findChannel(UNKNOWN)).isEmpty();
              assertThat(tables.states().lockState(UNKNOWN)).isEmpty();
              assertThat(tables.outcomes().findOutcome(UNKNOWN)).isEmpty();
              assertThat(tables.requests().requestsOf(UNKNOWN)).isEmpty();
            });
  }
}
