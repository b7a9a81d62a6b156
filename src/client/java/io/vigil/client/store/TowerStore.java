package io.vigil.client.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.client.tower.MisbehaviourProof;
import io.vigil.client.tower.PendingDelegation;
import io.vigil.client.tower.Tower;
import io.vigil.client.tower.TowerInfo;
import io.vigil.client.tower.TowerReceipt;
import io.vigil.client.tower.TowerState;
import io.vigil.core.channel.ChannelId;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The towers' tables in the local store ({@code tower_} prefix): the configured towers with their
 * pins and state, the latest state delegated per channel, the delegations each tower has not yet
 * acknowledged, the receipts that passed the strict check, and misbehaviour proofs.
 *
 * <p>Invariant: at most one pending delegation per (tower, channel), always of the channel's latest
 * nonce; queueing a newer state drops the older ones in the same transaction.
 */
public final class TowerStore {

  private static final String[] SCHEMA = {
    """
    create table if not exists tower_towers (
      url text primary key, chain_id integer not null, hub text not null, hunter text not null,
      receipt_signer text not null, min_challenge_period integer not null,
      min_value_at_stake text not null, dispute_gas integer not null, price_margin integer not null,
      state text not null, reason text, since integer not null, failures integer not null,
      next_retry_at integer)
    """,
    """
    create table if not exists tower_channels (
      channel_id text primary key, nonce integer not null, delegated_at integer not null)
    """,
    """
    create table if not exists tower_pending (
      url text not null, channel_id text not null, nonce integer not null, body text not null,
      queued_at integer not null, primary key (url, channel_id))
    """,
    """
    create table if not exists tower_receipts (
      url text not null, channel_id text not null, nonce integer not null,
      accepted_at_block integer not null, signer text not null, signature text not null,
      received_at integer not null, primary key (url, channel_id, nonce))
    """,
    """
    create table if not exists tower_proofs (
      id integer primary key autoincrement, url text not null, detected_at integer not null,
      proof text not null)
    """
  };

  private final ClientStore store;

  public TowerStore(ClientStore store) {
    this.store = Objects.requireNonNull(store, "store");
    store.inTransaction(
        connection -> {
          try (Statement statement = connection.createStatement()) {
            for (String ddl : SCHEMA) {
              statement.execute(ddl);
            }
          }
          return null;
        });
  }

  public void saveTower(Tower tower) {
    store.inTransaction(
        c -> {
          TowerInfo p = tower.pinned();
          TowerRows.update(
              c,
              "insert or replace into tower_towers values (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
              tower.url(),
              p.chainId(),
              p.hub().hex(),
              p.hunter().hex(),
              p.receiptSigner().hex(),
              p.policy().minChallengePeriodSeconds(),
              p.policy().minValueAtStakeWei().toString(),
              p.policy().disputeGas(),
              p.policy().priceMargin(),
              tower.state().name(),
              tower.reason(),
              tower.since().toEpochMilli(),
              tower.failures(),
              tower.nextRetryAt() == null ? null : tower.nextRetryAt().toEpochMilli());
          return null;
        });
  }

  public List<Tower> towers() {
    return store.inTransaction(
        c -> TowerRows.query(c, "select * from tower_towers order by url", TowerRows::tower));
  }

  public Optional<Tower> tower(String url) {
    return store.inTransaction(
        c ->
            TowerRows.query(c, "select * from tower_towers where url = ?", TowerRows::tower, url)
                .stream()
                .findFirst());
  }

  /** Removes a tower and what is queued for it; its receipts and proofs are history and stay. */
  public boolean removeTower(String url) {
    return store.inTransaction(
        c -> {
          TowerRows.update(c, "delete from tower_pending where url = ?", url);
          return TowerRows.update(c, "delete from tower_towers where url = ?", url) > 0;
        });
  }

  /**
   * Records {@code nonce} as the channel's latest state and queues one body per tower, dropping
   * every pending delegation of an older nonce of the channel, all in one transaction. Returns
   * false, changing nothing, when a newer nonce of the channel was recorded already.
   */
  public boolean queueLatest(
      ChannelId channel, long nonce, Map<String, JsonNode> bodies, Instant now) {
    return store.inTransaction(
        c -> {
          Optional<Long> latest = latestNonce(c, channel);
          if (latest.isPresent() && latest.get() > nonce) {
            return false;
          }
          TowerRows.update(
              c,
              "insert or replace into tower_channels values (?,?,?)",
              channel.hex(),
              nonce,
              now.toEpochMilli());
          TowerRows.update(
              c,
              "delete from tower_pending where channel_id = ? and nonce < ?",
              channel.hex(),
              nonce);
          for (Map.Entry<String, JsonNode> body : bodies.entrySet()) {
            TowerRows.update(
                c,
                "insert or replace into tower_pending values (?,?,?,?,?)",
                body.getKey(),
                channel.hex(),
                nonce,
                body.getValue().toString(),
                now.toEpochMilli());
          }
          return true;
        });
  }

  public Optional<Long> latestNonce(ChannelId channel) {
    return store.inTransaction(c -> latestNonce(c, channel));
  }

  /** When the channel's latest state was handed to the kit, if ever. */
  public Optional<Instant> delegatedAt(ChannelId channel) {
    return store.inTransaction(
        c ->
            TowerRows.query(
                    c,
                    "select delegated_at from tower_channels where channel_id = ?",
                    r -> Instant.ofEpochMilli(r.getLong(1)),
                    channel.hex())
                .stream()
                .findFirst());
  }

  public List<PendingDelegation> pending(String url) {
    return store.inTransaction(
        c ->
            TowerRows.query(
                c,
                "select * from tower_pending where url = ? order by queued_at, channel_id",
                TowerRows::pending,
                url));
  }

  public List<PendingDelegation> pendingFor(ChannelId channel) {
    return store.inTransaction(
        c ->
            TowerRows.query(
                c,
                "select * from tower_pending where channel_id = ? order by url",
                TowerRows::pending,
                channel.hex()));
  }

  /** Stores a checked receipt and drops what it acknowledges, in one transaction. */
  public void acknowledge(TowerReceipt receipt) {
    store.inTransaction(
        c -> {
          TowerRows.update(
              c,
              "insert or replace into tower_receipts values (?,?,?,?,?,?,?)",
              receipt.towerUrl(),
              receipt.channelId().hex(),
              receipt.nonce(),
              receipt.acceptedAtBlock(),
              receipt.signer().hex(),
              receipt.signature().hex(),
              receipt.receivedAt().toEpochMilli());
          TowerRows.update(
              c,
              "delete from tower_pending where url = ? and channel_id = ? and nonce <= ?",
              receipt.towerUrl(),
              receipt.channelId().hex(),
              receipt.nonce());
          return null;
        });
  }

  /** Drops a pending delegation that the tower refused for good. */
  public void dropPending(String url, ChannelId channel, long nonce) {
    store.inTransaction(
        c ->
            TowerRows.update(
                c,
                "delete from tower_pending where url = ? and channel_id = ? and nonce = ?",
                url,
                channel.hex(),
                nonce));
  }

  public List<TowerReceipt> receipts(ChannelId channel) {
    return store.inTransaction(
        c ->
            TowerRows.query(
                c,
                "select * from tower_receipts where channel_id = ? order by nonce desc, url",
                TowerRows::receipt,
                channel.hex()));
  }

  /** Keeps a proof and marks its tower misbehaving with the reason, in one transaction. */
  public void saveProof(MisbehaviourProof proof, Tower misbehaving) {
    store.inTransaction(
        c -> {
          TowerRows.update(
              c,
              "insert into tower_proofs (url, detected_at, proof) values (?,?,?)",
              proof.towerUrl(),
              proof.detectedAt().toEpochMilli(),
              proof.toJson());
          TowerRows.update(
              c,
              "update tower_towers set state = ?, reason = ?, since = ?, failures = 0,"
                  + " next_retry_at = null where url = ?",
              TowerState.MISBEHAVING.name(),
              misbehaving.reason(),
              misbehaving.since().toEpochMilli(),
              proof.towerUrl());
          TowerRows.update(c, "delete from tower_pending where url = ?", proof.towerUrl());
          return null;
        });
  }

  public List<MisbehaviourProof> proofs(String url) {
    return store.inTransaction(
        c ->
            TowerRows.query(
                c,
                "select proof from tower_proofs where url = ? order by id",
                r -> MisbehaviourProof.parse(r.getString(1)),
                url));
  }

  /** Forgets a closed or settled channel: its latest state, pending delegations and receipts. */
  public void prune(ChannelId channel) {
    store.inTransaction(
        c -> {
          TowerRows.update(c, "delete from tower_pending where channel_id = ?", channel.hex());
          TowerRows.update(c, "delete from tower_receipts where channel_id = ?", channel.hex());
          TowerRows.update(c, "delete from tower_channels where channel_id = ?", channel.hex());
          return null;
        });
  }

  public List<ChannelId> channels() {
    return store.inTransaction(
        c ->
            TowerRows.query(
                c,
                "select channel_id from tower_channels order by channel_id",
                r -> ChannelId.of(r.getString(1))));
  }

  private static Optional<Long> latestNonce(Connection c, ChannelId channel) throws SQLException {
    return TowerRows.query(
            c,
            "select nonce from tower_channels where channel_id = ?",
            r -> r.getLong(1),
            channel.hex())
        .stream()
        .findFirst();
  }
}
