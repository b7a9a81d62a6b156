package io.vigil.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.channel.ChannelId;
import io.vigil.core.channel.SignedState;
import io.vigil.testsupport.Anvil;
import io.vigil.testsupport.HubFixture;
import io.vigil.testsupport.KafkaBroker;
import io.vigil.testsupport.Ports;
import io.vigil.testsupport.PostgresServer;
import io.vigil.testsupport.ProcessSettings;
import io.vigil.testsupport.VigilProcess;
import io.vigil.watcher.Delegating;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A private world in which faults can be injected: its own PostgreSQL and Kafka broker (each
 * stopped and started again on the same port and data directory), its own anvil and hub, and Vigil
 * processes started against them, each of which can be killed (SIGKILL), paused (SIGSTOP) and
 * resumed (SIGCONT), and started again. Topics keep their default names: the broker is this world's
 * alone.
 */
final class FaultWorld implements AutoCloseable {

  static final String KEY_A = Anvil.DEV_KEYS.get(1);

  /** Party B of delegated channels: the client whose delegations the watcher rate-limits. */
  static final String KEY_B = Anvil.DEV_KEYS.get(2);

  /** Party B of the channels whose states are posted through the relay. */
  static final String KEY_C = Anvil.DEV_KEYS.get(3);

  /** The relay's dispute key (its address is the hunter that takes the bounties). */
  static final String HOT_KEY = Anvil.DEV_KEYS.get(8);

  /** The relay's key for client-asked state posts. */
  static final String POST_KEY = Anvil.DEV_KEYS.get(9);

  static final BigInteger BOUNTY = BigInteger.TEN.pow(17);
  static final long CHALLENGE_PERIOD = 3_600;

  static final String CHANNEL_EVENTS = "vigil.channel-events";
  static final String TX_REQUESTS = "vigil.tx-requests";
  static final String TX_OUTCOMES = "vigil.tx-outcomes";

  final Path directory;
  final Anvil anvil;
  final HubFixture hub;
  private final int postgresPort;
  private final String jdbcUrl;
  private final String user;
  private final String password;
  private final long startBlock;
  private final Map<String, Long> firstNonces = new HashMap<>();
  private final List<Member> members = new ArrayList<>();
  private final ObjectMapper json = new ObjectMapper();
  private volatile PostgresServer postgres;
  private volatile KafkaBroker kafka;
  private volatile boolean postgresUp = true;
  private volatile boolean kafkaUp = true;
  private final String bootstrapServers;

  FaultWorld(String name) {
    try {
      directory =
          Files.createDirectories(Path.of("target", "reliability"))
              .resolve(name + "-" + UUID.randomUUID().toString().substring(0, 8))
              .toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    postgresPort = Ports.free();
    postgres = PostgresServer.start(directory.resolve("postgres"), postgresPort);
    jdbcUrl = postgres.jdbcUrl();
    user = postgres.user();
    password = postgres.password();
    kafka = KafkaBroker.start(directory.resolve("kafka"));
    bootstrapServers = kafka.bootstrapServers();
    anvil = Anvil.start(List.of());
    hub = HubFixture.deploy(anvil);
    startBlock = blockNumber();
    for (String key : List.of(HOT_KEY, POST_KEY)) {
      String address = HubFixture.address(key).toLowerCase();
      firstNonces.put(address, transactionCount(address));
    }
  }

  // -- Vigil processes -------------------------------------------------------------------------

  /** The configuration of a process running {@code roles} in this world. */
  Map<String, String> config(String roles) {
    return ProcessSettings.roles(roles)
        .database(jdbcUrl, user, password)
        .broker(bootstrapServers)
        .chain(anvil.rpcUrl(), hub.hub().hex(), startBlock)
        .watchtower(Delegating.HUNTER, HOT_KEY)
        .quickLoops()
        .set("vigil.watcher.rate-per-second", "1000")
        .set("vigil.watcher.rate-burst", "1000")
        .set("vigil.watcher.policy.min-value-at-stake", "0")
        .set("vigil.relay.post-keys", POST_KEY)
        .set("vigil.relay.posts.rate-per-channel", "100000")
        .set("vigil.relay.posts.burst-per-channel", "100000")
        .set("vigil.relay.posts.budget-per-hour", "1000000000000000000000")
        .set("vigil.relay.posts.budget-per-channel-per-hour", "1000000000000000000000")
        .map();
  }

  /** A process running {@code roles}, launched now; {@link Member#awaitReady} waits for it. */
  Member member(String name, String roles) {
    Member member = new Member(name, roles);
    members.add(member);
    return member;
  }

  /** One role's process, replaced by a fresh one each time it is started again. */
  final class Member {
    final String name;
    final String roles;
    private final AtomicInteger generation = new AtomicInteger();
    private volatile VigilProcess process;

    private Member(String name, String roles) {
      this.name = name;
      this.roles = roles;
      this.process = VigilProcess.launch(name + "-0", config(roles));
    }

    VigilProcess process() {
      return process;
    }

    String baseUrl() {
      return process.baseUrl();
    }

    void awaitReady() {
      process.awaitReady(VigilProcess.STARTUP);
    }

    /** SIGKILL, then a fresh process at once (not waited for). */
    void killAndRestart() {
      process.crash();
      process = VigilProcess.launch(name + "-" + generation.incrementAndGet(), config(roles));
    }

    void pause() {
      signal("STOP");
    }

    void resume() {
      signal("CONT");
    }

    private void signal(String name) {
      try {
        Process kill =
            new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid()))
                .inheritIO()
                .start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
          throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    void close() {
      process.close();
    }
  }

  // -- PostgreSQL and Kafka --------------------------------------------------------------------

  void stopPostgres() {
    postgresUp = false;
    postgres.close();
  }

  void startPostgres() {
    postgres = PostgresServer.start(directory.resolve("postgres"), postgresPort);
    postgresUp = true;
  }

  void stopKafka() {
    kafkaUp = false;
    kafka.close();
  }

  /** Starts the broker again on the same port and data directory. */
  void startKafka() {
    kafka = kafka.restart();
    kafkaUp = true;
  }

  /**
   * Every record of {@code topic}, parsed, in offset order per partition; empty when the topic does
   * not exist. Reads up to the end offsets taken when it starts.
   */
  List<JsonNode> records(String topic) {
    Properties properties = new Properties();
    properties.put("bootstrap.servers", bootstrapServers);
    properties.put("allow.auto.create.topics", "false");
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
      if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
        return List.of();
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot list the topics", e);
    }
    List<JsonNode> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
        partitions.add(new TopicPartition(topic, info.partition()));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + topic + " to its end");
        }
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          records.add(json.readTree(record.value()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return records;
  }

  // -- database --------------------------------------------------------------------------------

  /** One number from the database; -1 when it cannot be read (down, or not migrated yet). */
  long count(String sql, Object... parameters) {
    try {
      List<Map<String, Object>> rows = rows(sql, parameters);
      return rows.isEmpty() ? -1 : ((Number) rows.get(0).values().iterator().next()).longValue();
    } catch (IllegalStateException e) {
      return -1;
    }
  }

  /** The rows of a query, column name to value. */
  List<Map<String, Object>> rows(String sql, Object... parameters) {
    try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      try (ResultSet result = statement.executeQuery()) {
        ResultSetMetaData meta = result.getMetaData();
        List<Map<String, Object>> rows = new ArrayList<>();
        while (result.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int column = 1; column <= meta.getColumnCount(); column++) {
            row.put(meta.getColumnLabel(column), result.getObject(column));
          }
          rows.add(row);
        }
        return rows;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  // -- chain -----------------------------------------------------------------------------------

  long blockNumber() {
    return hexResult(anvil.rpc("eth_blockNumber", "[]"));
  }

  long blockTime(long number) {
    String answer =
        anvil.rpc("eth_getBlockByNumber", "[\"0x" + Long.toHexString(number) + "\", false]");
    return Long.parseLong(answer.replaceAll(".*\"timestamp\":\"0x([0-9a-fA-F]+)\".*", "$1"), 16);
  }

  long transactionCount(String address) {
    return hexResult(anvil.rpc("eth_getTransactionCount", "[\"" + address + "\", \"latest\"]"));
  }

  /** The transaction count of a relay account when this world began (lower-case address). */
  long firstNonce(String address) {
    return firstNonces.getOrDefault(address.toLowerCase(), 0L);
  }

  /** The transaction {@code hash} as the node reports it, or null when it does not know it. */
  JsonNode transaction(String hash) {
    try {
      JsonNode answer = json.readTree(anvil.rpc("eth_getTransactionByHash", "[\"" + hash + "\"]"));
      JsonNode result = answer.get("result");
      return result == null || result.isNull() ? null : result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long hexResult(String answer) {
    return Long.parseLong(answer.replaceAll(".*\"result\":\"0x([0-9a-fA-F]+)\".*", "$1"), 16);
  }

  // -- channels --------------------------------------------------------------------------------

  /**
   * Opens a delegated channel between A and B and signs {@code states} payments on it, with B's
   * hunter authorization in each delegation body.
   */
  Delegated delegatedChannel(int states) {
    ChannelId id =
        hub.open(KEY_A, KEY_B, HubFixture.ETHER, HubFixture.ETHER, CHALLENGE_PERIOD, BOUNTY);
    List<SignedState> signed =
        hub.payments(
            id, HubFixture.ETHER, HubFixture.ETHER, BigInteger.TEN.pow(14), states, KEY_A, KEY_B);
    String authorization = hub.hunterAuthorization(id, Delegating.HUNTER, KEY_B);
    List<String> bodies = new ArrayList<>();
    try {
      for (SignedState state : signed) {
        bodies.add(json.writeValueAsString(Delegating.body(state, authorization)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Delegated(new PostgresOutageIT.Lane(id, KEY_B, bodies), signed);
  }

  /** A delegated channel: the load's lane and the signed states its bodies carry. */
  record Delegated(PostgresOutageIT.Lane lane, List<SignedState> states) {
    ChannelId id() {
      return lane.id();
    }
  }

  /** Opens a channel between A and C whose signed states are posted through the relay. */
  CheckpointLoad.Lane postedChannel(int states) {
    ChannelId id =
        hub.open(
            KEY_A, KEY_C, HubFixture.ETHER, HubFixture.ETHER, CHALLENGE_PERIOD, BigInteger.ZERO);
    List<SignedState> signed =
        hub.payments(
            id, HubFixture.ETHER, HubFixture.ETHER, BigInteger.TEN.pow(14), states, KEY_A, KEY_C);
    return new CheckpointLoad.Lane(id, signed);
  }

  @Override
  public void close() {
    for (Member member : members) {
      try {
        member.close();
      } catch (RuntimeException e) {
        System.err.println("could not stop " + member.name + ": " + e);
      }
    }
    hub.close();
    anvil.close();
    try {
      if (kafkaUp) {
        kafka.close();
      }
    } catch (RuntimeException e) {
      System.err.println("could not stop Kafka: " + e);
    }
    if (postgresUp) {
      postgres.close();
    }
  }
}
