package io.vigil.fuzz;

import io.vigil.fuzz.TopicRecord.Expected;
import io.vigil.testsupport.TestInfrastructure;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Produces generated records to the consumed topics of a {@link FuzzWorld} and judges what its
 * consumers made of them, a batch at a time, in two phases:
 *
 * <ol>
 *   <li>the records that must be set aside, alone: once the consumer groups' committed offsets pass
 *       them (else a consumer stalled), each must be on its dead-letter topic once, with one {@code
 *       dead-letter-reason} header of the form {@code <poison>: <what is wrong>}, and no table may
 *       have changed (a change is pinned on a record by sending each again alone);
 *   <li>the other records, then a valid sentinel on every partition of every consumed topic: the
 *       sentinels must be applied (the consumer did not stall behind the poison), a valid record
 *       must not be set aside, and a readable record the consumer set aside is sent again as poison
 *       in the next batch, to check that it changed nothing.
 * </ol>
 */
final class TopicFuzzSession implements AutoCloseable {

  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(60);
  private static final Pattern REASON =
      Pattern.compile("(oversized|malformed|refused|failing): \\S.*", Pattern.DOTALL);

  private final FuzzWorld world;
  private final TopicFigures figures;
  private final TopicArbitraries arbitraries;
  private final int batchSize;
  private final KafkaProducer<byte[], byte[]> producer;
  private final Admin admin;
  private final KafkaConsumer<String, String> deadLetters;
  private final Map<String, List<Letter>> letters = new HashMap<>();
  private final Connection database;
  private final List<TopicRecord> pending = new ArrayList<>();
  private final List<TopicRecord> replays = new ArrayList<>();
  private Map<String, String> baseline;
  private long sentinelSeed = 1;

  /** One record on a dead-letter topic. */
  record Letter(String key, String value, List<String> reasons, List<String> repeated) {
    @Override
    public String toString() {
      return "dead letter with reasons " + reasons + " and repeated headers " + repeated;
    }
  }

  /** A record as produced: where it landed. */
  record Sent(TopicRecord record, TopicPartition partition, long offset) {
    String where() {
      return partition.topic() + "-" + partition.partition() + "@" + offset;
    }
  }

  TopicFuzzSession(
      FuzzWorld world, TopicFigures figures, TopicArbitraries arbitraries, int batchSize) {
    this.world = world;
    this.figures = figures;
    this.arbitraries = arbitraries;
    this.batchSize = batchSize;
    String servers = TestInfrastructure.get().kafka().bootstrapServers();
    Properties producing = new Properties();
    producing.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    producing.put(ProducerConfig.ACKS_CONFIG, "all");
    producing.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "2097152");
    producing.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    this.producer =
        new KafkaProducer<>(producing, new ByteArraySerializer(), new ByteArraySerializer());
    Properties administering = new Properties();
    administering.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    this.admin = Admin.create(administering);
    Properties reading = new Properties();
    reading.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    reading.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, "4194304");
    this.deadLetters =
        new KafkaConsumer<>(reading, new StringDeserializer(), new StringDeserializer());
    // Asking for a topic's partitions creates it (the broker creates topics on first use).
    List<TopicPartition> partitions = new ArrayList<>();
    for (ConsumedTopic topic : ConsumedTopic.values()) {
      String name = topic.deadLetters(world.topics);
      producer
          .partitionsFor(name)
          .forEach(p -> partitions.add(new TopicPartition(name, p.partition())));
    }
    deadLetters.assign(partitions);
    deadLetters.seekToBeginning(partitions);
    try {
      var postgres = TestInfrastructure.get().postgres();
      this.database =
          DriverManager.getConnection(world.jdbcUrl, postgres.user(), postgres.password());
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    this.baseline = settledChecksums();
  }

  /** Takes one generated record; judges the batch once it is full. */
  void check(TopicRecord record) {
    pending.add(record);
    if (pending.size() >= batchSize) {
      closeBatch();
    }
  }

  /** Judges the pending records (and the replays of the last batch). */
  void closeBatch() {
    List<TopicRecord> poison = new ArrayList<>(replays);
    replays.clear();
    List<TopicRecord> rest = new ArrayList<>();
    for (TopicRecord record : pending) {
      (record.expected() == Expected.SET_ASIDE ? poison : rest).add(record);
    }
    pending.clear();
    if (!poison.isEmpty()) {
      poisonPhase(poison);
    }
    applyPhase(rest);
    figures.batchChecked();
    if (!world.ready()) {
      fail("not ready after a batch: " + world.vigil.getManagement("/q/health/ready").body());
    }
  }

  private void poisonPhase(List<TopicRecord> poison) {
    List<Sent> sent = poison.stream().map(this::produce).toList();
    awaitSettled(sent);
    readDeadLettersToEnd();
    for (Sent s : sent) {
      List<Letter> found = lettersOf(s);
      if (found.isEmpty()) {
        fail(
            "settled without being set aside (applied or dropped): "
                + s.where()
                + " "
                + s.record()
                + "; dead letters of the same value: "
                + sameValue(s));
      }
      judgeLetter(s, found);
      figures.setAside(s.record(), found.get(0).reasons().get(0));
    }
    Map<String, String> now = checksums();
    List<String> changed = changed(baseline, now);
    if (!changed.isEmpty()) {
      attribute(sent, changed);
    }
    baseline = now;
  }

  /** Sends each poison record again alone, between two checksums, to name the one that changed. */
  private void attribute(List<Sent> batch, List<String> changedInBatch) {
    Map<String, String> before = settledChecksums();
    for (Sent original : batch) {
      figures.replayed();
      Sent again = produce(original.record());
      awaitSettled(List.of(again));
      Map<String, String> after = checksums();
      List<String> changed = changed(before, after);
      if (!changed.isEmpty()) {
        fail("set aside yet changed " + changed + ": " + again.where() + " " + again.record());
      }
      before = after;
    }
    figures.unattributed(changedInBatch);
  }

  private void applyPhase(List<TopicRecord> rest) {
    List<Sent> sent = new ArrayList<>(rest.stream().map(this::produce).toList());
    List<Sent> sentinels = new ArrayList<>();
    for (ConsumedTopic topic : ConsumedTopic.values()) {
      String name = topic.topic(world.topics);
      int partitions = producer.partitionsFor(name).size();
      for (int p = 0; p < partitions; p++) {
        sentinels.add(produce(arbitraries.sentinel(topic, sentinelSeed++), p));
      }
    }
    List<Sent> all = new ArrayList<>(sent);
    all.addAll(sentinels);
    awaitSettled(all);
    readDeadLettersToEnd();
    for (Sent s : sentinels) {
      List<Letter> found = letters.getOrDefault(s.where(), List.of());
      if (!found.isEmpty()) {
        fail("a valid sentinel was set aside (" + found.get(0).reasons() + "): " + s.record());
      }
      if (!applied(s.record())) {
        fail("a valid sentinel settled without its effect: " + s.where() + " " + s.record());
      }
      figures.sentinel(s.record().topic());
    }
    for (Sent s : sent) {
      List<Letter> found = letters.getOrDefault(s.where(), List.of());
      if (found.isEmpty()) {
        if (s.record().expected() == Expected.PROCESSED && !applied(s.record())) {
          fail("a valid record settled without its effect: " + s.where() + " " + s.record());
        }
        figures.processed(s.record());
      } else {
        if (s.record().expected() == Expected.PROCESSED) {
          fail("a valid record was set aside (" + found.get(0).reasons() + "): " + s.record());
        }
        judgeLetter(s, found);
        figures.setAside(s.record(), found.get(0).reasons().get(0));
        replays.add(s.record().asPoison("(sent again: set aside before)"));
      }
    }
    baseline = settledChecksums();
  }

  /** Whether the effect of a record that settled without a dead letter is stored. */
  private boolean applied(TopicRecord record) {
    String value = record.valueText();
    try {
      var root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(value);
      return switch (record.topic()) {
        case CHANNEL_EVENTS ->
            count(
                    "select count(*) from inbox where consumer = 'watcher' and event_id = ?",
                    (root.path("retracted").asBoolean() ? "retract:" : "")
                        + root.path("eventId").asText())
                == 1;
        case TX_REQUESTS ->
            count(
                    "select count(*) from relay_tx where request_id = ?",
                    root.path("requestId").asText())
                == 1;
        // An outcome of a request the watcher did not make changes nothing: settling without a
        // dead letter is all there is to see.
        case TX_OUTCOMES -> true;
      };
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The dead letters of a settled record. SmallRye writes the dead letter before it acknowledges
   * the record, but give a late write a few seconds before calling it missing.
   */
  private List<Letter> lettersOf(Sent s) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!letters.containsKey(s.where()) && System.nanoTime() < deadline) {
      poll();
    }
    return letters.getOrDefault(s.where(), List.of());
  }

  /** Dead letters with the value of {@code s}, wherever their headers say they come from. */
  private List<Letter> sameValue(Sent s) {
    return letters.values().stream()
        .flatMap(List::stream)
        .filter(l -> Objects.equals(l.value(), s.record().valueText()))
        .toList();
  }

  private void judgeLetter(Sent s, List<Letter> found) {
    if (found.size() > 1) {
      figures.duplicateLetters(found.size() - 1);
    }
    Letter letter = found.get(0);
    if (!letter.repeated().isEmpty()) {
      fail(
          "the dead letter repeats dead-letter headers "
              + letter.repeated()
              + " (a reader taking the last one sees the producer's): "
              + s.where()
              + " "
              + s.record());
    }
    if (letter.reasons().size() != 1) {
      fail("the dead letter has no dead-letter-reason header: " + s.where() + " " + s.record());
    }
    String reason = letter.reasons().get(0);
    if (reason == null || !REASON.matcher(reason).matches()) {
      fail("set aside without a reason an operator can act on (" + reason + "): " + s.record());
    }
    if (!Objects.equals(letter.value(), s.record().valueText())) {
      fail("the dead letter's value is not the record's: " + s.where() + " " + s.record());
    }
    if (!Objects.equals(letter.key(), s.record().keyText())) {
      fail("the dead letter's key is not the record's: " + s.where() + " " + s.record());
    }
  }

  private Sent produce(TopicRecord record) {
    return produce(record, null);
  }

  private Sent produce(TopicRecord record, Integer partition) {
    String topic = record.topic().topic(world.topics);
    ProducerRecord<byte[], byte[]> out =
        new ProducerRecord<>(topic, partition, record.key(), record.value());
    record.headers().forEach(h -> out.headers().add(h.name(), h.value()));
    try {
      RecordMetadata at = producer.send(out).get();
      figures.tried(record);
      return new Sent(record, new TopicPartition(at.topic(), at.partition()), at.offset());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("producing " + record + " failed", e);
    }
  }

  /**
   * Waits until the consumer groups' committed offsets pass every record of {@code sent}; fails
   * naming the record a consumer is stuck on.
   */
  private void awaitSettled(List<Sent> sent) {
    Map<TopicPartition, Long> needed = new HashMap<>();
    Map<TopicPartition, String> groups = new HashMap<>();
    for (Sent s : sent) {
      needed.merge(s.partition(), s.offset() + 1, Math::max);
      groups.put(s.partition(), s.record().topic().group(world.topics));
    }
    long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
    long start = System.nanoTime();
    Map<TopicPartition, Long> committed = Map.of();
    while (true) {
      committed = committed(new TreeSet<>(groups.values()));
      Map<TopicPartition, Long> now = committed;
      if (needed.entrySet().stream()
          .allMatch(e -> now.getOrDefault(e.getKey(), 0L) >= e.getValue())) {
        figures.timed("waiting for consumers", System.nanoTime() - start);
        return;
      }
      if (System.nanoTime() > deadline) {
        break;
      }
      sleep(Duration.ofMillis(50));
    }
    List<String> stuck = new ArrayList<>();
    for (Map.Entry<TopicPartition, Long> e : needed.entrySet()) {
      long at = committed.getOrDefault(e.getKey(), 0L);
      if (at < e.getValue()) {
        String record =
            sent.stream()
                .filter(s -> s.partition().equals(e.getKey()) && s.offset() == at)
                .map(Sent::toString)
                .findFirst()
                .orElse("a record produced before this batch");
        stuck.add(e.getKey() + " committed at " + at + ", stuck on " + record);
      }
    }
    fail("a consumer stalled: " + stuck);
  }

  private Map<TopicPartition, Long> committed(java.util.Set<String> groups) {
    Map<TopicPartition, Long> offsets = new HashMap<>();
    for (String group : groups) {
      try {
        Map<TopicPartition, OffsetAndMetadata> of =
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        of.forEach((tp, o) -> offsets.put(tp, o == null ? 0L : o.offset()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("reading the offsets of " + group, e);
      }
    }
    return offsets;
  }

  /** Reads every dead-letter topic up to the end it has now. */
  private void readDeadLettersToEnd() {
    long start = System.nanoTime();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Map<TopicPartition, Long> ends = deadLetters.endOffsets(deadLetters.assignment());
    while (ends.entrySet().stream()
        .anyMatch(e -> deadLetters.position(e.getKey()) < e.getValue())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("cannot read the dead-letter topics to " + ends);
      }
      poll();
    }
    figures.timed("reading dead letters", System.nanoTime() - start);
  }

  private void poll() {
    for (ConsumerRecord<String, String> record : deadLetters.poll(Duration.ofMillis(100))) {
      Map<String, String> headers = new TreeMap<>();
      List<String> reasons = new ArrayList<>();
      List<String> repeated = new ArrayList<>();
      for (Header header : record.headers()) {
        String value =
            header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        if (header.key().equals("dead-letter-reason")) {
          reasons.add(value);
        }
        // SmallRye writes its own dead-letter headers first: the first of a name is the consumer's.
        if (headers.putIfAbsent(header.key(), value) != null
            && header.key().startsWith("dead-letter-")) {
          repeated.add(header.key() + "=" + value);
        }
      }
      String where =
          headers.get("dead-letter-topic")
              + "-"
              + headers.get("dead-letter-partition")
              + "@"
              + headers.get("dead-letter-offset");
      letters
          .computeIfAbsent(where, w -> new ArrayList<>())
          .add(new Letter(record.key(), record.value(), reasons, repeated));
    }
  }

  private long count(String sql, String argument) {
    try (PreparedStatement statement = database.prepareStatement(sql)) {
      statement.setString(1, argument);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Checksums of every table but those that change in the background. */
  private Map<String, String> checksums() {
    long start = System.nanoTime();
    Map<String, String> sums = new TreeMap<>(world.checksums());
    sums.keySet().removeAll(FuzzSession.BACKGROUND.keySet());
    figures.timed("table checksums", System.nanoTime() - start);
    return sums;
  }

  /** The tables compared. */
  List<String> tables() {
    return List.copyOf(checksums().keySet());
  }

  /** Checksums once the tables stop moving (an applied request is sent and tracked). */
  private Map<String, String> settledChecksums() {
    Map<String, String> last = checksums();
    for (int i = 0; i < 20; i++) {
      sleep(Duration.ofMillis(100));
      Map<String, String> now = checksums();
      if (now.equals(last)) {
        return now;
      }
      last = now;
    }
    return last;
  }

  private static List<String> changed(Map<String, String> before, Map<String, String> after) {
    TreeSet<String> names = new TreeSet<>(before.keySet());
    names.addAll(after.keySet());
    return names.stream().filter(n -> !Objects.equals(before.get(n), after.get(n))).toList();
  }

  private void fail(String finding) {
    figures.finding(finding);
    throw new AssertionError(finding);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    producer.close();
    admin.close();
    deadLetters.close();
    try {
      database.close();
    } catch (SQLException ignored) {
      // the database goes with the world
    }
  }
}
