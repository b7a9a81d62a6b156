package io.vigil.relay;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.vigil.relay.persistence.RelayTransaction;
import jakarta.persistence.LockModeType;
import java.util.function.Consumer;

/** Changes one relay request that is still open, under its row lock. */
final class UndoneRequests {

  private UndoneRequests() {}

  /**
   * Runs {@code change} on the request's row, locked, in a transaction of its own. A request that
   * is gone or done by then is left alone.
   */
  static void change(String requestId, Consumer<RelayTransaction> change) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              RelayTransaction tx =
                  RelayTransaction.findById(requestId, LockModeType.PESSIMISTIC_WRITE);
              if (tx != null && !tx.done) {
                change.accept(tx);
              }
            });
  }
}
