package io.vigil.relay.persistence;

import io.vigil.relay.TxStatus;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The columns of {@code relay_tx} as the plain-JDBC paths read them, and the conversions of their
 * values.
 */
final class RelayColumns {

  /** Every column of {@code relay_tx}, of the table aliased {@code t}. */
  static final String COLUMNS =
      "t.request_id, t.kind, t.purpose, t.sender, t.target, t.data, t.value, t.deadline,"
          + " t.value_at_stake, t.channel_id, t.nonce, t.gas_limit, t.max_fee, t.priority_fee,"
          + " t.tx_hash, t.status, t.block_number, t.block_hash, t.confirmations, t.gas_used,"
          + " t.effective_gas_price, t.reason, t.sends, t.done, t.created_at, t.updated_at,"
          + " t.last_sent_at";

  /**
   * A common table expression ({@code a}, to be joined in) that commits its statement without
   * waiting for the WAL to reach the disk. For what the carrier can find out again from the chain
   * alone: a lost commit (PostgreSQL itself crashing in the next few hundred milliseconds) leaves
   * the row as it was, and the next pass of the carrier looks again. Every other session sees the
   * change at once, as with any commit; the stored request itself is always committed durably.
   */
  static final String ASYNC_COMMIT = " a as (select set_config('synchronous_commit', 'off', true))";

  private RelayColumns() {}

  /** The request a result row holds, read with {@link #COLUMNS}. */
  static RelayTransaction row(ResultSet rows) throws SQLException {
    RelayTransaction tx = new RelayTransaction();
    tx.requestId = rows.getString("request_id");
    tx.kind = rows.getString("kind");
    tx.purpose = rows.getString("purpose");
    tx.sender = rows.getString("sender");
    tx.target = rows.getString("target");
    tx.data = rows.getString("data");
    tx.value = integer(rows.getBigDecimal("value"));
    tx.deadline = rows.getLong("deadline");
    tx.valueAtStake = integer(rows.getBigDecimal("value_at_stake"));
    tx.channelId = rows.getString("channel_id");
    tx.nonce = nullableLong(rows, "nonce");
    tx.gasLimit = nullableLong(rows, "gas_limit");
    tx.maxFee = integer(rows.getBigDecimal("max_fee"));
    tx.priorityFee = integer(rows.getBigDecimal("priority_fee"));
    tx.txHash = rows.getString("tx_hash");
    tx.status = TxStatus.valueOf(rows.getString("status"));
    tx.blockNumber = nullableLong(rows, "block_number");
    tx.blockHash = rows.getString("block_hash");
    tx.confirmations = rows.getInt("confirmations");
    tx.gasUsed = integer(rows.getBigDecimal("gas_used"));
    tx.effectiveGasPrice = integer(rows.getBigDecimal("effective_gas_price"));
    tx.reason = rows.getString("reason");
    tx.sends = rows.getInt("sends");
    tx.done = rows.getBoolean("done");
    tx.createdAt = instant(rows.getObject("created_at", OffsetDateTime.class));
    tx.updatedAt = instant(rows.getObject("updated_at", OffsetDateTime.class));
    tx.lastSentAt = instant(rows.getObject("last_sent_at", OffsetDateTime.class));
    return tx;
  }

  static Long nullableLong(ResultSet rows, String column) throws SQLException {
    long value = rows.getLong(column);
    return rows.wasNull() ? null : value;
  }

  /** A value as PostgreSQL reads it from text (null stays null). */
  static String text(Object value) {
    return value == null ? null : value.toString();
  }

  static BigInteger integer(BigDecimal value) {
    return value == null ? null : value.toBigIntegerExact();
  }

  static BigDecimal decimal(BigInteger value) {
    return value == null ? null : new BigDecimal(value);
  }

  static OffsetDateTime time(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }
}
