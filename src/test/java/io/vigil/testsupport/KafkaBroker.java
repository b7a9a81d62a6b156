package io.vigil.testsupport;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * A real Kafka broker (KRaft, one node acting as broker and controller) running inside this JVM,
 * with both its client and controller listeners bound to 127.0.0.1 only.
 */
public final class KafkaBroker implements AutoCloseable {

  private static final int NODE_ID = 1;
  private static final String CONTROLLER_LISTENER = "CONTROLLER";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  /** Broker settings on top of Kafka's defaults; a single node needs these replication factors. */
  private static final Map<String, String> SETTINGS =
      Map.of(
          // Without these a single broker never creates the internal topics and consumers hang.
          "offsets.topic.replication.factor", "1",
          "offsets.topic.num.partitions", "4",
          "transaction.state.log.replication.factor", "1",
          "transaction.state.log.min.isr", "1",
          "group.initial.rebalance.delay.ms", "0",
          "num.partitions", "4",
          "auto.create.topics.enable", "true");

  private final KafkaRaftServer server;
  private final String bootstrapServers;
  private final Path directory;
  private final boolean deleteOnClose;
  private final int brokerPort;
  private final int controllerPort;

  private KafkaBroker(
      KafkaRaftServer server,
      String bootstrapServers,
      Path directory,
      boolean deleteOnClose,
      int brokerPort,
      int controllerPort) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
    this.directory = directory;
    this.deleteOnClose = deleteOnClose;
    this.brokerPort = brokerPort;
    this.controllerPort = controllerPort;
  }

  /** A handle on a broker started elsewhere in this JVM; closing it leaves the broker running. */
  static KafkaBroker attach(String bootstrapServers) {
    return new KafkaBroker(null, bootstrapServers, null, false, 0, 0);
  }

  /**
   * A new broker on this one's data directory and ports, after this one was closed: the same
   * cluster, topics, records and committed offsets, at the address clients already know. Only for a
   * broker started with a base directory (a temporary one is deleted on close).
   */
  public KafkaBroker restart() {
    if (server == null || deleteOnClose) {
      throw new IllegalStateException("only a broker started with a base directory restarts");
    }
    int[] ports = {brokerPort, controllerPort};
    int[] next = {0};
    try {
      return startOnce(directory, directory.resolve("logs"), () -> ports[next[0]++], false);
    } catch (RuntimeException e) {
      throw new IllegalStateException("in-JVM Kafka broker did not restart", e);
    }
  }

  /**
   * Formats the storage and starts the broker. With a base directory the data stays there after
   * {@link #close()}; without one it lives in a temporary directory that {@link #close()} deletes.
   */
  public static KafkaBroker start(Path baseDirectory) {
    return start(baseDirectory, Ports::free);
  }

  /**
   * As {@link #start(Path)}, taking listener ports from {@code ports}. A free port can be taken by
   * someone else before the broker binds it, so a start that fails to bind is retried once with
   * fresh ports.
   */
  static KafkaBroker start(Path baseDirectory, IntSupplier ports) {
    boolean deleteOnClose = baseDirectory == null;
    Path directory;
    try {
      directory =
          deleteOnClose
              ? Files.createTempDirectory("vigil-kafka")
              : Files.createDirectories(baseDirectory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the Kafka data directory", e);
    }
    try {
      Path logDirectory = directory.resolve("logs");
      format(logDirectory);
      try {
        return startOnce(directory, logDirectory, ports, deleteOnClose);
      } catch (RuntimeException first) {
        if (!causedByBind(first)) {
          throw first;
        }
        return startOnce(directory, logDirectory, ports, deleteOnClose);
      }
    } catch (RuntimeException e) {
      if (deleteOnClose) {
        deleteRecursively(directory);
      }
      throw new IllegalStateException("in-JVM Kafka broker did not start", e);
    }
  }

  private static void format(Path logDirectory) {
    try {
      new Formatter()
          .setPrintStream(new PrintStream(PrintStream.nullOutputStream()))
          .setNodeId(NODE_ID)
          .setClusterId(Uuid.randomUuid().toString())
          .setDirectories(List.of(logDirectory.toString()))
          .setMetadataLogDirectory(logDirectory.toString())
          .setControllerListenerName(CONTROLLER_LISTENER)
          // Keeps a directory that is already formatted, so a base directory can be reused.
          .setIgnoreFormatted(true)
          .run();
    } catch (Exception e) {
      throw new IllegalStateException("cannot format the Kafka storage in " + logDirectory, e);
    }
  }

  private static KafkaBroker startOnce(
      Path directory, Path logDirectory, IntSupplier ports, boolean deleteOnClose) {
    int brokerPort = ports.getAsInt();
    int controllerPort = ports.getAsInt();
    while (controllerPort == brokerPort) {
      controllerPort = ports.getAsInt();
    }
    String bootstrapServers = "127.0.0.1:" + brokerPort;
    Properties properties = new Properties();
    properties.putAll(SETTINGS);
    properties.put("process.roles", "broker,controller");
    properties.put("node.id", String.valueOf(NODE_ID));
    // A static single-voter quorum: the voter's address comes from this config on every start.
    properties.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
    properties.put(
        "listeners",
        "PLAINTEXT://127.0.0.1:"
            + brokerPort
            + ","
            + CONTROLLER_LISTENER
            + "://127.0.0.1:"
            + controllerPort);
    properties.put("advertised.listeners", "PLAINTEXT://" + bootstrapServers);
    properties.put("controller.listener.names", CONTROLLER_LISTENER);
    properties.put("inter.broker.listener.name", "PLAINTEXT");
    properties.put(
        "listener.security.protocol.map",
        "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    properties.put("log.dirs", logDirectory.toString());
    KafkaRaftServer server =
        new KafkaRaftServer(KafkaConfig.fromProps(properties, false), Time.SYSTEM);
    try {
      server.startup();
      awaitReady(bootstrapServers);
      return new KafkaBroker(
          server, bootstrapServers, directory, deleteOnClose, brokerPort, controllerPort);
    } catch (RuntimeException e) {
      try {
        stop(server);
      } catch (RuntimeException alsoFailed) {
        e.addSuppressed(alsoFailed);
      }
      throw e;
    }
  }

  /** Waits until the broker is registered, unfenced and answering clients. */
  private static void awaitReady(String bootstrapServers) {
    Properties properties = new Properties();
    properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
    try (Admin admin = Admin.create(properties)) {
      Await.until(
          "the Kafka broker at " + bootstrapServers + " to be ready",
          READY_TIMEOUT,
          () -> {
            try {
              return admin
                  .describeCluster(new DescribeClusterOptions().timeoutMs(2_000))
                  .nodes()
                  .get()
                  .stream()
                  .map(Node::id)
                  .anyMatch(id -> id == NODE_ID);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new IllegalStateException("interrupted", e);
            } catch (Exception notYet) {
              return false;
            }
          });
    }
  }

  private static boolean causedByBind(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof BindException) {
        return true;
      }
    }
    return false;
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** A producer of string records to the broker at {@code bootstrapServers}. */
  public static KafkaProducer<String, String> producer(String bootstrapServers) {
    Properties properties = new Properties();
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
  }

  /**
   * A consumer of string records in a group of its own (named {@code groupPrefix} and a random
   * suffix), subscribed to {@code topic} from its first record.
   */
  public static KafkaConsumer<String, String> readerFromStart(
      String bootstrapServers, String groupPrefix, String topic) {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.put(ConsumerConfig.GROUP_ID_CONFIG, groupPrefix + UUID.randomUUID());
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
    consumer.subscribe(List.of(topic));
    return consumer;
  }

  @Override
  public void close() {
    if (server == null) {
      return;
    }
    try {
      stop(server);
    } finally {
      if (deleteOnClose) {
        deleteRecursively(directory);
      }
    }
  }

  private static void stop(KafkaRaftServer server) {
    try {
      server.shutdown();
      server.awaitShutdown();
    } catch (RuntimeException e) {
      throw new IllegalStateException("Kafka broker did not stop cleanly", e);
    }
  }

  private static void deleteRecursively(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(path)) {
      for (Path each : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(each);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + path, e);
    }
  }
}
