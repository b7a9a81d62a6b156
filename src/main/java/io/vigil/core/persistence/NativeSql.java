package io.vigil.core.persistence;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;

/**
 * Native SQL statements whose parameters are {@code ?1}, {@code ?2}, ... bound in order, run in the
 * caller's transaction. A {@link BigInteger} (a uint256 amount) is bound as {@code numeric}.
 */
public final class NativeSql {

  private NativeSql() {}

  /** Runs an insert, update or delete; returns how many rows it changed. */
  public static int update(EntityManager em, String sql, Object... parameters) {
    return bind(em.createNativeQuery(sql), parameters).executeUpdate();
  }

  /**
   * Runs a select: each row an {@code Object[]}, or the value itself when one column is selected.
   */
  public static List<?> select(EntityManager em, String sql, Object... parameters) {
    return bind(em.createNativeQuery(sql), parameters).getResultList();
  }

  /** Runs a statement that answers exactly one row (a count, a lock, {@code returning}). */
  public static Object single(EntityManager em, String sql, Object... parameters) {
    return bind(em.createNativeQuery(sql), parameters).getSingleResult();
  }

  /** {@code query} with {@code parameters} bound to {@code ?1…?n} in order. */
  public static Query bind(Query query, Object... parameters) {
    for (int i = 0; i < parameters.length; i++) {
      Object value = parameters[i];
      query.setParameter(i + 1, value instanceof BigInteger big ? new BigDecimal(big) : value);
    }
    return query;
  }
}
