package io.vigil.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaBrokerIT {

  @Test
  void shouldServeClientsOnLoopbackOnlyAndFreeThePortWhenClosed() throws Exception {
    Set<Listener> before = listenersOfThisProcess();

    KafkaBroker broker = KafkaBroker.start(null);
    int port;
    try {
      String bootstrap = broker.bootstrapServers();
      assertThat(bootstrap).startsWith("127.0.0.1:");
      port = Integer.parseInt(bootstrap.substring(bootstrap.indexOf(':') + 1));

      Set<Listener> opened = new HashSet<>(listenersOfThisProcess());
      opened.removeAll(before);
      // The broker opens exactly two listeners (clients and controller), both on loopback.
      assertThat(opened).hasSize(2);
      assertThat(opened).allSatisfy(l -> assertThat(l.address().isLoopbackAddress()).isTrue());
      assertThat(opened).noneSatisfy(l -> assertThat(l.address().isAnyLocalAddress()).isTrue());
      assertThat(opened).extracting(Listener::port).contains(port);
      assertThat(listenersOnPort(port))
          .as("every listening socket on the bootstrap port, in any process")
          .isNotEmpty()
          .allSatisfy(l -> assertThat(l.address().getHostAddress()).isEqualTo("127.0.0.1"));

      String topic = "broker-it-" + UUID.randomUUID();
      String value = "hello " + UUID.randomUUID();
      produce(bootstrap, topic, "k", value);
      assertThat(consumeOne(bootstrap, topic)).isEqualTo(value);
    } finally {
      broker.close();
    }

    assertThat(listenersOnPort(port)).as("listeners on the bootstrap port after close").isEmpty();
    try (ServerSocket reuse = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      assertThat(reuse.getLocalPort()).isEqualTo(port);
    }
  }

  @Test
  void shouldRetryWithFreshPortsWhenAPortIsTakenBeforeTheBrokerBindsIt() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      AtomicInteger calls = new AtomicInteger();
      try (KafkaBroker broker =
          KafkaBroker.start(
              null, () -> calls.getAndIncrement() == 0 ? taken.getLocalPort() : Ports.free())) {
        assertThat(calls.get()).as("ports asked for: two, then two more").isEqualTo(4);
        assertThat(broker.bootstrapServers()).isNotEqualTo("127.0.0.1:" + taken.getLocalPort());
        String topic = "broker-retry-it-" + UUID.randomUUID();
        produce(broker.bootstrapServers(), topic, "k", "after retry");
        assertThat(consumeOne(broker.bootstrapServers(), topic)).isEqualTo("after retry");
      }
    }
  }

  private static void produce(String bootstrap, String topic, String key, String value)
      throws Exception {
    Properties properties = new Properties();
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties)) {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    }
  }

  /** Consumes through a consumer group, so the group coordinator and offsets topic must work. */
  private static String consumeOne(String bootstrap, String topic) {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    properties.put(ConsumerConfig.GROUP_ID_CONFIG, "broker-it-" + UUID.randomUUID());
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.put(
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    properties.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
      consumer.subscribe(List.of(topic));
      String value =
          Await.value(
              "a record on " + topic,
              Duration.ofSeconds(60),
              () -> {
                for (ConsumerRecord<String, String> record :
                    consumer.poll(Duration.ofMillis(200))) {
                  return record.value();
                }
                return null;
              });
      consumer.commitSync();
      return value;
    }
  }

  /** A TCP socket in LISTEN state, read from the kernel's socket tables. */
  record Listener(InetAddress address, int port, long inode) {}

  /** The listening TCP sockets (IPv4 and IPv6 tables) whose file descriptors this process holds. */
  private static Set<Listener> listenersOfThisProcess() {
    Set<Long> inodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : fds.toList()) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(Long.parseLong(target.substring(8, target.length() - 1)));
          }
        } catch (IOException closedMeanwhile) {
          // The descriptor was closed while listing; it is not a listener of interest.
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Set<Listener> listeners = new HashSet<>();
    for (Listener listener : allListeners()) {
      if (inodes.contains(listener.inode())) {
        listeners.add(listener);
      }
    }
    return listeners;
  }

  private static List<Listener> listenersOnPort(int port) {
    return allListeners().stream().filter(l -> l.port() == port).toList();
  }

  private static List<Listener> allListeners() {
    List<Listener> listeners = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      Path path = Path.of(table);
      if (!Files.exists(path)) {
        continue;
      }
      List<String> lines;
      try {
        lines = Files.readAllLines(path);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      for (String line : lines.subList(1, lines.size())) {
        // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
        String[] fields = line.trim().split("\\s+");
        if (!fields[3].equals("0A")) {
          continue;
        }
        String[] local = fields[1].split(":");
        listeners.add(
            new Listener(
                address(local[0]), Integer.parseInt(local[1], 16), Long.parseLong(fields[9])));
      }
    }
    return listeners;
  }

  /**
   * Decodes a kernel address: groups of four bytes, each group in host (little-endian) order. An
   * IPv4-mapped IPv6 address comes back as the IPv4 address.
   */
  private static InetAddress address(String hex) {
    byte[] bytes = new byte[hex.length() / 2];
    for (int group = 0; group < bytes.length / 4; group++) {
      for (int i = 0; i < 4; i++) {
        int from = (group * 4 + 3 - i) * 2;
        bytes[group * 4 + i] = (byte) Integer.parseInt(hex.substring(from, from + 2), 16);
      }
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an address: " + hex, e);
    }
  }
}
