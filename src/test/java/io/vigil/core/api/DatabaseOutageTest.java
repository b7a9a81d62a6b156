package io.vigil.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Response;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

class DatabaseOutageTest {

  @Test
  void shouldRecogniseHibernateConnectionFailure() {
    assertThat(
            DatabaseOutage.isOutage(
                new JDBCConnectionException(
                    "could not prepare", new SQLException("refused", "08001"))))
        .isTrue();
  }

  @Test
  void shouldRecogniseRefusedConnectionWrappedInRuntimeExceptions() {
    PSQLException refused =
        new PSQLException(
            "Connection to 127.0.0.1:5432 refused.",
            PSQLState.CONNECTION_UNABLE_TO_CONNECT,
            new ConnectException("Connection refused"));
    assertThat(DatabaseOutage.isOutage(new IllegalStateException("reading failed", refused)))
        .isTrue();
  }

  @Test
  void shouldRecogniseServerShutdownOnAnOpenConnection() {
    SQLException shutdown =
        new SQLException("terminating connection due to administrator command", "57P01");
    assertThat(DatabaseOutage.isOutage(new RuntimeException(shutdown))).isTrue();
  }

  @Test
  void shouldRecogniseTheTransientConnectionClassAndThePoolTimeout() {
    assertThat(DatabaseOutage.isOutage(new SQLTransientConnectionException("pool closed")))
        .isTrue();
    assertThat(
            DatabaseOutage.isOutage(
                new IllegalStateException(new SQLException("Sorry, acquisition timeout!"))))
        .isTrue();
  }

  @Test
  void shouldRecogniseAnOutageKeptAsSuppressedByAFailedCommit() {
    // The transaction manager reports a failed commit as a rollback and keeps the resource's
    // failure as a suppressed exception, not as the cause.
    jakarta.transaction.RollbackException rollback =
        new jakarta.transaction.RollbackException("could not commit transaction");
    javax.transaction.xa.XAException resource =
        new javax.transaction.xa.XAException(javax.transaction.xa.XAException.XA_RBCOMMFAIL);
    resource.initCause(new SQLException("An I/O error occurred while sending", "08006"));
    rollback.addSuppressed(resource);
    assertThat(
            DatabaseOutage.isOutage(
                new jakarta.transaction.TransactionalException("commit failed", rollback)))
        .isTrue();
  }

  @Test
  void shouldRecogniseAFailedTransactionResource() {
    assertThat(
            DatabaseOutage.isOutage(
                new RuntimeException(
                    new javax.transaction.xa.XAException(
                        javax.transaction.xa.XAException.XAER_RMFAIL))))
        .isTrue();
    assertThat(
            DatabaseOutage.isOutage(
                new RuntimeException(
                    new javax.transaction.xa.XAException(
                        javax.transaction.xa.XAException.XA_RBINTEGRITY))))
        .isFalse();
  }

  @Test
  void shouldRecogniseAnOutageInTheChainOfNextExceptions() {
    SQLException batch = new SQLException("batch entry 0 failed", "40001");
    batch.setNextException(new SQLException("An I/O error occurred", "08006"));
    assertThat(DatabaseOutage.isOutage(batch)).isTrue();
  }

  @Test
  void shouldNotTakeOtherFailuresForAnOutage() {
    assertThat(
            DatabaseOutage.isOutage(
                new ConstraintViolationException(
                    "duplicate", new SQLException("duplicate key", "23505"), "pk")))
        .isFalse();
    assertThat(DatabaseOutage.isOutage(new SQLException("could not serialize", "40001"))).isFalse();
    assertThat(DatabaseOutage.isOutage(new NullPointerException())).isFalse();
    // A refused socket that is not the database's (an RPC node, a peer) is not a database outage.
    assertThat(
            DatabaseOutage.isOutage(
                new UncheckedIOException(new ConnectException("Connection refused"))))
        .isFalse();
  }

  @Test
  void shouldNotLoopOnACycleOfCauses() {
    SQLException first = new SQLException("first", "40001");
    SQLException second = new SQLException("second", "23505", first);
    first.setNextException(second);
    assertThat(DatabaseOutage.isOutage(first)).isFalse();
  }

  @Test
  void shouldAnswer503WithRetryAfterAndAProblemBody() {
    Response response = DatabaseOutage.response();
    assertThat(response.getStatus()).isEqualTo(503);
    assertThat(response.getHeaderString("Retry-After"))
        .isEqualTo(String.valueOf(DatabaseOutage.RETRY_AFTER_SECONDS));
    assertThat(response.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
    Problem body = (Problem) response.getEntity();
    assertThat(body.type()).isEqualTo("urn:vigil:problem:unavailable");
    assertThat(body.status()).isEqualTo(503);
  }
}
