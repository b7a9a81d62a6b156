package io.vigil.relay;

import io.vigil.core.persistence.NativeSql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Allocates the nonces of Vigil's hot keys from PostgreSQL. An allocation is committed together
 * with the signed transaction that uses it, so a nonce is never handed out twice and never left
 * without a stored transaction, whatever crashes in between.
 */
@ApplicationScoped
public class NonceManager {

  private final EntityManager entityManager;

  public NonceManager(EntityManager entityManager) {
    this.entityManager = entityManager;
  }

  /**
   * Takes the next nonce of {@code address}. {@code minedCount} is the account's transaction count
   * on chain: if the key was used outside Vigil the counter jumps to it (those nonces are filled
   * already, so no gap opens). Must run in the transaction that stores the signed transaction.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public long allocate(String address, long minedCount) {
    Number next =
        (Number)
            NativeSql.single(
                entityManager,
                "insert into relay_account (address, next_nonce) values (?1, ?2 + 1)"
                    + " on conflict (address) do update set next_nonce ="
                    + " greatest(relay_account.next_nonce, ?2) + 1"
                    + " returning next_nonce",
                address,
                minedCount);
    return next.longValue() - 1;
  }

  /** The next nonce that would be allocated, or -1 for an account never used. */
  @Transactional
  public long peek(String address) {
    var rows =
        NativeSql.select(
            entityManager, "select next_nonce from relay_account where address = ?1", address);
    return rows.isEmpty() ? -1 : ((Number) rows.get(0)).longValue();
  }
}
