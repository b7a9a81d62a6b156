package io.vigil.core.persistence;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Reads the values a native query returns, whose Java types depend on the driver and Hibernate's
 * mapping: {@code numeric(78)} amounts as exact integers, {@code timestamptz} as instants.
 */
public final class SqlValues {

  private SqlValues() {}

  /** An amount of wei; throws when the value has a fraction (it never should). */
  public static BigInteger integer(Object value) {
    return value instanceof BigDecimal decimal
        ? decimal.toBigIntegerExact()
        : new BigInteger(value.toString());
  }

  /** A point in time, or null for SQL null. A {@code timestamp} without zone is read as UTC. */
  public static Instant instant(Object value) {
    return switch (value) {
      case null -> null;
      case Instant instant -> instant;
      case OffsetDateTime time -> time.toInstant();
      case Timestamp stamp -> stamp.toInstant();
      case LocalDateTime local -> local.toInstant(ZoneOffset.UTC);
      default -> throw new IllegalStateException("unexpected time value " + value.getClass());
    };
  }
}
