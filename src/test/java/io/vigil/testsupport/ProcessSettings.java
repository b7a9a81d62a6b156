package io.vigil.testsupport;

import java.util.HashMap;
import java.util.Map;

/**
 * The settings of a Vigil process that a test starts in its own JVM ({@link VigilProcess}), built
 * from the parts every test world shares: where its database, broker and chain are, the keys of a
 * watchtower, loop intervals short enough for a test, and topics of its own. What a world sets
 * beyond those it adds with {@link #set}.
 */
public final class ProcessSettings {

  private final Map<String, String> values = new HashMap<>();

  private ProcessSettings() {}

  /** Settings of a process running {@code roles} ("all", or a comma-separated list). */
  public static ProcessSettings roles(String roles) {
    return new ProcessSettings().set("vigil.roles", roles);
  }

  /** Settings with no roles named (the process's default). */
  public static ProcessSettings empty() {
    return new ProcessSettings();
  }

  /** The database at {@code jdbcUrl} on the shared PostgreSQL, and the shared Kafka broker. */
  public ProcessSettings shared(String jdbcUrl) {
    TestInfrastructure infrastructure = TestInfrastructure.get();
    PostgresServer postgres = infrastructure.postgres();
    return database(jdbcUrl, postgres.user(), postgres.password())
        .broker(infrastructure.kafka().bootstrapServers());
  }

  /** The database the process keeps its tables in. */
  public ProcessSettings database(String jdbcUrl, String user, String password) {
    return set("quarkus.datasource.jdbc.url", jdbcUrl)
        .set("quarkus.datasource.username", user)
        .set("quarkus.datasource.password", password);
  }

  /** The Kafka broker. */
  public ProcessSettings broker(String bootstrapServers) {
    return set("kafka.bootstrap.servers", bootstrapServers);
  }

  /**
   * The chain: its endpoints ({@code rpcUrls}, comma-separated), anvil's chain id, the hub, and the
   * follower starting at {@code startBlock} with no confirmations (a dev chain does not reorg
   * unless a test makes it).
   */
  public ProcessSettings chain(String rpcUrls, String hubAddress, long startBlock) {
    return chain(rpcUrls, hubAddress).set("vigil.chain.monitor.start-block", startBlock);
  }

  /** As {@link #chain(String, String, long)}, with the follower starting where it is configured. */
  public ProcessSettings chain(String rpcUrls, String hubAddress) {
    return set("vigil.chain.rpc-urls", rpcUrls)
        .set("vigil.chain.chain-id", Anvil.CHAIN_ID)
        .set("vigil.chain.hub-address", hubAddress)
        .set("vigil.chain.monitor.confirmations", "0");
  }

  /**
   * The watchtower's keys: the hunter address disputes pay, the key that signs receipts (anvil's
   * dev key 7) and the relay's hot keys.
   */
  public ProcessSettings watchtower(String hunter, String hotKeys) {
    return set("vigil.watcher.hunter-address", hunter)
        .set("vigil.watcher.receipt-key", Anvil.DEV_KEYS.get(7))
        .set("vigil.relay.hot-keys", hotKeys);
  }

  /**
   * Loop intervals short enough that a test sees each step within a fraction of a second: the
   * follower's poll and lease retry, the watcher's deadline check, outbox and head cache, and the
   * relay's tracking and leases with one confirmation.
   */
  public ProcessSettings quickLoops() {
    return set("vigil.chain.monitor.poll-interval", "100ms")
        .set("vigil.chain.monitor.lease-retry", "200ms")
        .set("vigil.watcher.deadline-poll-interval", "200ms")
        .set("vigil.watcher.outbox-interval", "500ms")
        .set("vigil.watcher.head-cache-time", "50ms")
        .set("vigil.relay.confirmations", "1")
        .set("vigil.relay.track-interval", "100ms")
        .set("vigil.relay.lease-interval", "200ms");
  }

  /**
   * Topics of its own, named after {@code prefix} (the channel events, the watcher's requests and
   * the relay's outcomes), and consumer groups named after it, so that processes sharing a prefix
   * share the topics and no other test's messages reach them.
   */
  public ProcessSettings topics(String prefix) {
    String events = prefix + ".channel-events";
    String requests = prefix + ".tx-requests";
    String outcomes = prefix + ".tx-outcomes";
    return set("mp.messaging.outgoing.chain-channel-events-out.topic", events)
        .set("mp.messaging.incoming.watcher-channel-events.topic", events)
        .set("mp.messaging.incoming.watcher-channel-events.group.id", prefix + "-watcher")
        .set("mp.messaging.outgoing.watcher-tx-requests-out.topic", requests)
        .set("mp.messaging.incoming.relay-tx-requests.topic", requests)
        .set("mp.messaging.incoming.relay-tx-requests.group.id", prefix + "-relay")
        .set("mp.messaging.outgoing.relay-tx-outcomes.topic", outcomes)
        .set("mp.messaging.incoming.watcher-tx-outcomes.topic", outcomes)
        .set("mp.messaging.incoming.watcher-tx-outcomes.group.id", prefix + "-watcher");
  }

  /**
   * Dead-letter topics for the topics of {@link #topics}: each consumer sets its poison aside on
   * its topic's name with {@code .dlq} added.
   */
  public ProcessSettings deadLetterTopics(String prefix) {
    return set(
            "mp.messaging.incoming.relay-tx-requests.dead-letter-queue.topic",
            prefix + ".tx-requests.dlq")
        .set(
            "mp.messaging.incoming.watcher-channel-events.dead-letter-queue.topic",
            prefix + ".channel-events.dlq")
        .set(
            "mp.messaging.incoming.watcher-tx-outcomes.dead-letter-queue.topic",
            prefix + ".tx-outcomes.dlq");
  }

  /** The settings {@code change} makes: a world's own set of exceptions, applied in one step. */
  public ProcessSettings with(java.util.function.UnaryOperator<ProcessSettings> change) {
    return change.apply(this);
  }

  /** One setting, replacing any earlier value. */
  public ProcessSettings set(String key, Object value) {
    values.put(key, String.valueOf(value));
    return this;
  }

  /** A copy of the settings, for {@link VigilProcess#start} or to change further. */
  public Map<String, String> map() {
    return new HashMap<>(values);
  }
}
