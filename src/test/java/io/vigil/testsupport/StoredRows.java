package io.vigil.testsupport;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.math.BigInteger;

/**
 * What the application under test stored, read in a transaction of its own: one number from a SQL
 * query with positional parameters ({@code ?1}, {@code ?2}, ...).
 */
public final class StoredRows {

  private StoredRows() {}

  /** The single number {@code sql} answers, as a long (a count). */
  public static long count(EntityManager entityManager, String sql, Object... parameters) {
    return number(entityManager, sql, parameters).longValueExact();
  }

  /** The single number {@code sql} answers (a count or a sum). */
  public static BigInteger number(EntityManager entityManager, String sql, Object... parameters) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              Query query = entityManager.createNativeQuery(sql);
              for (int i = 0; i < parameters.length; i++) {
                query.setParameter(i + 1, parameters[i]);
              }
              return new BigInteger(query.getSingleResult().toString());
            });
  }
}
