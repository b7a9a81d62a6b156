package io.vigil.relay.persistence;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;

/** Plain-JDBC reads of the status API: a stored request by its id or by a transaction hash. */
@ApplicationScoped
public class StatusRows {

  private final AgroalDataSource dataSource;

  public StatusRows(AgroalDataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * A request by its id or, for a 0x hash, by the hash of any of its attempts or of its current
   * transaction.
   */
  public Optional<RelayTransaction> find(String id) {
    boolean hash = id.startsWith("0x") || id.startsWith("0X");
    String sql =
        hash
            ? "(select "
                + RelayColumns.COLUMNS
                + " from relay_tx t where t.request_id = ?) union all (select "
                + RelayColumns.COLUMNS
                + " from relay_attempt a join relay_tx t on t.request_id = a.request_id"
                + " where a.tx_hash = ?) union all (select "
                + RelayColumns.COLUMNS
                + " from relay_tx t where t.tx_hash = ?) limit 1"
            : "select " + RelayColumns.COLUMNS + " from relay_tx t where t.request_id = ?";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement(sql)) {
      query.setString(1, id);
      if (hash) {
        String lower = id.toLowerCase(Locale.ROOT);
        query.setString(2, lower);
        query.setString(3, lower);
      }
      try (ResultSet rows = query.executeQuery()) {
        return rows.next() ? Optional.of(RelayColumns.row(rows)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("reading " + id + " failed", e);
    }
  }
}
