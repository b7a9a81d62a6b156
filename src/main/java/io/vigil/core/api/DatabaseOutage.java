package io.vigil.core.api;

import jakarta.ws.rs.core.Response;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import javax.transaction.xa.XAException;

/**
 * Recognises a lost or unreachable database behind any exception, and answers it: 503 with {@code
 * Retry-After} and a problem body, because the request can succeed unchanged once PostgreSQL is
 * back. Every other failure is not an outage and keeps its own answer.
 */
public final class DatabaseOutage {

  /** Seconds a client is asked to wait before it tries again (about one acquisition timeout). */
  public static final int RETRY_AFTER_SECONDS = 5;

  private DatabaseOutage() {}

  /**
   * True when {@code failure} or one of its causes says the database cannot be reached: a
   * connection-class SQL state ({@code 08xxx}), the server shutting down or starting ({@code
   * 57P01}, {@code 57P02}, {@code 57P03}), a JDBC connection exception (including Hibernate's
   * {@code JDBCConnectionException}), the pool's acquisition timeout, a refused socket under a SQL
   * exception, or a transaction resource that failed ({@code XAER_RMFAIL}). Causes, suppressed
   * exceptions (where the transaction manager keeps why a commit failed) and chained SQL exceptions
   * are all searched. Constraint violations, serialization failures and bugs are not outages.
   */
  public static boolean isOutage(Throwable failure) {
    return isOutage(failure, new IdentityHashMap<>(), false);
  }

  private static boolean isOutage(
      Throwable failure, Map<Throwable, Boolean> seen, boolean underSql) {
    if (failure == null || seen.put(failure, Boolean.TRUE) != null) {
      return false;
    }
    if (failure instanceof SQLTransientConnectionException
        || failure instanceof SQLNonTransientConnectionException
        || "org.hibernate.exception.JDBCConnectionException".equals(failure.getClass().getName())) {
      return true;
    }
    if (failure instanceof ConnectException && underSql) {
      return true;
    }
    if (failure instanceof XAException xa && xa.errorCode == XAException.XAER_RMFAIL) {
      return true;
    }
    boolean sqlBelow = underSql;
    if (failure instanceof SQLException sql) {
      sqlBelow = true;
      if (connectionState(sql.getSQLState()) || acquisitionTimeout(sql.getMessage())) {
        return true;
      }
      if (isOutage(sql.getNextException(), seen, true)) {
        return true;
      }
    }
    for (Throwable suppressed : failure.getSuppressed()) {
      if (isOutage(suppressed, seen, sqlBelow)) {
        return true;
      }
    }
    return isOutage(failure.getCause(), seen, sqlBelow);
  }

  private static boolean connectionState(String state) {
    return state != null
        && (state.startsWith("08")
            || state.equals("57P01")
            || state.equals("57P02")
            || state.equals("57P03"));
  }

  /** Agroal's message when no connection could be had within the acquisition timeout. */
  private static boolean acquisitionTimeout(String message) {
    return message != null && message.toLowerCase(Locale.ROOT).contains("acquisition timeout");
  }

  /** The answer to a request that failed because the database is unreachable. */
  public static Response response() {
    Response response =
        Problem.of(
                Response.Status.SERVICE_UNAVAILABLE,
                "unavailable",
                "the database is unreachable; send the same request again later",
                null)
            .toResponse();
    response.getHeaders().putSingle("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
    return response;
  }
}
