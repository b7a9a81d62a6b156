package io.vigil.router.persistence;

import jakarta.persistence.Query;

/**
 * Binds the positional parameters of the routing server's native SQL: {@code ?1} takes the first
 * value, {@code ?2} the second, and so on.
 */
public final class Statements {

  private Statements() {}

  /** {@code query} with {@code values} bound to {@code ?1…?n} in order. */
  public static Query bind(Query query, Object... values) {
    for (int i = 0; i < values.length; i++) {
      query.setParameter(i + 1, values[i]);
    }
    return query;
  }
}
