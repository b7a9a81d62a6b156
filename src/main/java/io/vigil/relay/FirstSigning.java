package io.vigil.relay;

import io.agroal.api.AgroalDataSource;
import io.vigil.core.persistence.JdbcTransactions;
import io.vigil.relay.fee.Fees;
import io.vigil.relay.persistence.RelayAttempt;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * Gives a waiting own request its nonce and stores its first signed attempt: one transaction of two
 * statements on the carrier's path to a dispute, with one durable commit before anything is
 * broadcast.
 *
 * <p>The next nonce of each hot key lives in {@code relay_account}. The first statement locks the
 * request's row, only while it still waits (no nonce, not done), and in the same statement takes
 * the sender's next nonce, raised to the count mined on chain if the key was used outside Vigil
 * (those nonces are filled already, so no gap opens): the nonce is taken only for a request that
 * gets it. The transaction is signed at that nonce in between; the second statement writes the
 * nonce, fees and hash on the row and inserts the attempt. A crash before the commit leaves
 * neither, so a nonce is never handed out without the signed transaction that uses it.
 */
@Singleton
class FirstSigning {

  /** Locks the waiting row and takes the next nonce; no row when the request no longer waits. */
  static final String TAKE_NONCE_SQL =
      "with t as (select request_id from relay_tx"
          + " where request_id = ? and nonce is null and not done for update)"
          + " insert into relay_account (address, next_nonce) select ?, ? + 1 from t"
          + " on conflict (address) do update set next_nonce ="
          + " greatest(relay_account.next_nonce, excluded.next_nonce - 1) + 1"
          + " returning next_nonce - 1";

  /** Writes what was signed on the row and stores the attempt. */
  static final String STORE_SQL =
      "with u as (update relay_tx set nonce = ?, gas_limit = ?, max_fee = ?, priority_fee = ?,"
          + " tx_hash = ?, updated_at = ? where request_id = ? returning request_id)"
          + " insert into relay_attempt (tx_hash, request_id, nonce, max_fee, priority_fee, raw,"
          + " created_at, cancels) select ?, request_id, ?, ?, ?, ?, ?, false from u";

  private final AgroalDataSource dataSource;

  FirstSigning(AgroalDataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Signs {@code requestId} at the next nonce of {@code sender} (at least {@code minedCount}) with
   * {@code sign} and stores the attempt, or does nothing and answers empty when the request no
   * longer waits (another pass took it, or it is done).
   */
  Optional<RelayAttempt> sign(
      String requestId,
      String sender,
      long minedCount,
      long gasLimit,
      Fees priced,
      Instant now,
      LongFunction<TxSigner.Signed> sign) {
    try {
      return JdbcTransactions.inTransaction(
          dataSource,
          connection ->
              sign(connection, requestId, sender, minedCount, gasLimit, priced, now, sign));
    } catch (SQLException e) {
      throw new IllegalStateException("signing request " + requestId + " failed", e);
    }
  }

  private static Optional<RelayAttempt> sign(
      Connection connection,
      String requestId,
      String sender,
      long minedCount,
      long gasLimit,
      Fees priced,
      Instant now,
      LongFunction<TxSigner.Signed> sign)
      throws SQLException {
    long nonce;
    try (PreparedStatement take = connection.prepareStatement(TAKE_NONCE_SQL)) {
      take.setString(1, requestId);
      take.setString(2, sender);
      take.setLong(3, minedCount);
      try (ResultSet row = take.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        nonce = row.getLong(1);
      }
    }
    TxSigner.Signed signed = sign.apply(nonce);
    BigDecimal maxFee = new BigDecimal(priced.maxFeePerGas());
    BigDecimal priorityFee = new BigDecimal(priced.maxPriorityFeePerGas());
    try (PreparedStatement store = connection.prepareStatement(STORE_SQL)) {
      store.setLong(1, nonce);
      store.setLong(2, gasLimit);
      store.setBigDecimal(3, maxFee);
      store.setBigDecimal(4, priorityFee);
      store.setString(5, signed.txHash());
      store.setObject(6, now.atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
      store.setString(7, requestId);
      store.setString(8, signed.txHash());
      store.setLong(9, nonce);
      store.setBigDecimal(10, maxFee);
      store.setBigDecimal(11, priorityFee);
      store.setString(12, signed.raw());
      store.setObject(13, now.atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
      if (store.executeUpdate() != 1) {
        throw new IllegalStateException("request " + requestId + " vanished while locked");
      }
    }
    return Optional.of(
        RelayAttempt.of(
            signed.txHash(),
            requestId,
            nonce,
            priced.maxFeePerGas(),
            priced.maxPriorityFeePerGas(),
            signed.raw(),
            false,
            now));
  }
}
