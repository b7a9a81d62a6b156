package io.vigil.chain.persistence;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.vigil.chain.ChainStore;
import io.vigil.core.chain.BlockRef;
import io.vigil.core.messaging.ChannelEvent;
import io.vigil.core.messaging.JsonPayloads;
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
  public void connect(BlockRef block, List<ChannelEvent> events, int window) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              byte[] hash = Numeric.hexStringToByteArray(block.hash());
              // A block at this height left over from an abandoned branch is replaced.
              em.createNativeQuery("delete from chain_block where number >= ?1 or hash = ?2")
                  .setParameter(1, block.number())
                  .setParameter(2, hash)
                  .executeUpdate();
              em.createNativeQuery(
                      "insert into chain_block (number, hash, parent_hash, timestamp)"
                          + " values (?1, ?2, ?3, ?4)")
                  .setParameter(1, block.number())
                  .setParameter(2, hash)
                  .setParameter(
                      3,
                      Numeric.hexStringToByteArray(
                          block.parentHash() == null ? "0x" : block.parentHash()))
                  .setParameter(4, block.timestamp())
                  .executeUpdate();
              for (ChannelEvent event : events) {
                em.createNativeQuery(
                        "insert into chain_event (block_hash, log_index, block_number, channel_id,"
                            + " payload) values (?1, ?2, ?3, ?4, ?5) on conflict do nothing")
                    .setParameter(1, hash)
                    .setParameter(2, event.logIndex())
                    .setParameter(3, event.blockNumber())
                    .setParameter(4, Numeric.hexStringToByteArray(event.key()))
                    .setParameter(5, eventJson.write(event))
                    .executeUpdate();
              }
              em.createNativeQuery(
                      "insert into chain_cursor (id, number, hash) values (1, ?1, ?2)"
                          + " on conflict (id) do update set number = excluded.number,"
                          + " hash = excluded.hash, updated_at = now()")
                  .setParameter(1, block.number())
                  .setParameter(2, hash)
                  .executeUpdate();
              long oldest = block.number() - window;
              em.createNativeQuery("delete from chain_block where number < ?1")
                  .setParameter(1, oldest)
                  .executeUpdate();
              em.createNativeQuery("delete from chain_event where block_number < ?1")
                  .setParameter(1, oldest)
                  .executeUpdate();
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
                  em.createNativeQuery(
                          "select p.number, p.hash from chain_block b join chain_block p on"
                              + " p.hash = b.parent_hash where b.hash = ?1")
                      .setParameter(1, hash)
                      .getResultList();
              if (parent.isEmpty()) {
                return false;
              }
              Object[] row = (Object[]) parent.get(0);
              em.createNativeQuery("delete from chain_event where block_hash = ?1")
                  .setParameter(1, hash)
                  .executeUpdate();
              em.createNativeQuery("delete from chain_block where hash = ?1")
                  .setParameter(1, hash)
                  .executeUpdate();
              em.createNativeQuery(
                      "update chain_cursor set number = ?1, hash = ?2, updated_at = now()"
                          + " where id = 1")
                  .setParameter(1, ((Number) row[0]).longValue())
                  .setParameter(2, row[1])
                  .executeUpdate();
              return true;
            });
  }

  /** Forgets everything (tests and operators resetting a follower). */
  public void reset() {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              em.createNativeQuery("delete from chain_cursor").executeUpdate();
              em.createNativeQuery("delete from chain_block").executeUpdate();
              em.createNativeQuery("delete from chain_event").executeUpdate();
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
