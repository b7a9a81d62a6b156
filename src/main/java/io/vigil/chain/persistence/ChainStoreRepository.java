package io.vigil.chain.persistence;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.vigil.chain.ChainStore;
import io.vigil.core.chain.BlockRef;
import io.vigil.core.messaging.ChannelEvent;
import io.vigil.core.messaging.JsonPayloads;
import io.vigil.core.persistence.NativeSql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.web3j.utils.Numeric;

/** The follower's cursor, recent blocks and published events in PostgreSQL (tables chain_*). */
@ApplicationScoped
public class ChainStoreRepository implements ChainStore {

  private final EntityManager em;
  private final JsonPayloads<ChannelEvent> eventJson;

  public ChainStoreRepository(EntityManager em, ObjectMapper json) {
    this.em = em;
    this.eventJson = new JsonPayloads<>(json, ChannelEvent.class);
  }

  @Override
  public Optional<BlockRef> cursor() {
    return rows(
            em ->
                em.createNativeQuery(
                    "select b.number, b.hash, b.parent_hash, b.timestamp from chain_cursor c"
                        + " join chain_block b on b.hash = c.hash"))
        .stream()
        .findFirst()
        .map(row -> block((Object[]) row));
  }

  @Override
  public Optional<BlockRef> block(long number) {
    return rows(
            em ->
                em.createNativeQuery(
                        "select number, hash, parent_hash, timestamp from chain_block"
                            + " where number = ?1")
                    .setParameter(1, number))
        .stream()
        .findFirst()
        .map(row -> block((Object[]) row));
  }

  @Override
  public void connect(BlockRef block, List<ChannelEvent> events, int window) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              byte[] hash = Numeric.hexStringToByteArray(block.hash());
              // A block at this height left over from an abandoned branch is replaced.
              NativeSql.update(
                  em,
                  "delete from chain_block where number >= ?1 or hash = ?2",
                  block.number(),
                  hash);
              NativeSql.update(
                  em,
                  "insert into chain_block (number, hash, parent_hash, timestamp)"
                      + " values (?1, ?2, ?3, ?4)",
                  block.number(),
                  hash,
                  Numeric.hexStringToByteArray(
                      block.parentHash() == null ? "0x" : block.parentHash()),
                  block.timestamp());
              for (ChannelEvent event : events) {
                NativeSql.update(
                    em,
                    "insert into chain_event (block_hash, log_index, block_number, channel_id,"
                        + " payload) values (?1, ?2, ?3, ?4, ?5) on conflict do nothing",
                    hash,
                    event.logIndex(),
                    event.blockNumber(),
                    Numeric.hexStringToByteArray(event.key()),
                    eventJson.write(event));
              }
              NativeSql.update(
                  em,
                  "insert into chain_cursor (id, number, hash) values (1, ?1, ?2)"
                      + " on conflict (id) do update set number = excluded.number,"
                      + " hash = excluded.hash, updated_at = now()",
                  block.number(),
                  hash);
              long oldest = block.number() - window;
              NativeSql.update(em, "delete from chain_block where number < ?1", oldest);
              NativeSql.update(em, "delete from chain_event where block_number < ?1", oldest);
            });
  }

  @Override
  public List<ChannelEvent> eventsOf(BlockRef block) {
    return rows(
            em ->
                em.createNativeQuery(
                        "select payload from chain_event where block_hash = ?1 order by log_index")
                    .setParameter(1, Numeric.hexStringToByteArray(block.hash())))
        .stream()
        .map(row -> eventJson.read((String) row))
        .toList();
  }

  @Override
  public boolean disconnect(BlockRef block) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              byte[] hash = Numeric.hexStringToByteArray(block.hash());
              List<?> parent =
                  NativeSql.select(
                      em,
                      "select p.number, p.hash from chain_block b join chain_block p on"
                          + " p.hash = b.parent_hash where b.hash = ?1",
                      hash);
              if (parent.isEmpty()) {
                return false;
              }
              Object[] row = (Object[]) parent.get(0);
              NativeSql.update(em, "delete from chain_event where block_hash = ?1", hash);
              NativeSql.update(em, "delete from chain_block where hash = ?1", hash);
              NativeSql.update(
                  em,
                  "update chain_cursor set number = ?1, hash = ?2, updated_at = now()"
                      + " where id = 1",
                  ((Number) row[0]).longValue(),
                  row[1]);
              return true;
            });
  }

  /** Forgets everything (tests and operators resetting a follower). */
  public void reset() {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              NativeSql.update(em, "delete from chain_cursor");
              NativeSql.update(em, "delete from chain_block");
              NativeSql.update(em, "delete from chain_event");
            });
  }

  private static BlockRef block(Object[] row) {
    byte[] parent = (byte[]) row[2];
    return BlockRef.of(
        ((Number) row[0]).longValue(),
        Numeric.toHexString((byte[]) row[1]),
        parent.length == 0 ? null : Numeric.toHexString(parent),
        ((Number) row[3]).longValue());
  }

  /** The rows of one read, in a transaction of its own. */
  private List<?> rows(Function<EntityManager, Query> query) {
    return QuarkusTransaction.requiringNew().call(() -> query.apply(em).getResultList());
  }
}
