package io.vigil.relay;

import io.vigil.relay.persistence.RelayTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps the last rows this replica made final (CONFIRMED or FAILED), so the status API answers a
 * poll for them without reading PostgreSQL. A final row never changes again, so a copy cannot go
 * stale; a row this replica did not finish is read from PostgreSQL as before. Bounded: the oldest
 * entries go first.
 */
@ApplicationScoped
public class FinalViews {

  static final int CAPACITY = 4096;

  private final Map<String, RelayTransaction> byId =
      new LinkedHashMap<>(CAPACITY * 2, 0.75f) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, RelayTransaction> eldest) {
          return size() > CAPACITY * 2;
        }
      };

  /** Remembers a row just written as final (by its request id and its transaction hash). */
  public synchronized void put(RelayTransaction tx) {
    if (!tx.done) {
      return;
    }
    byId.put(tx.requestId, tx);
    if (tx.txHash != null) {
      byId.put(tx.txHash, tx);
    }
  }

  /** A final row by request id or transaction hash, if this replica finished it recently. */
  public synchronized Optional<RelayTransaction> get(String id) {
    return Optional.ofNullable(byId.get(id));
  }
}
