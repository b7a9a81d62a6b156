package io.vigil.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Test helper: writes raw records to a consumed topic and reads its dead-letter topic from the
 * beginning, with the headers SmallRye adds ({@code dead-letter-reason}, {@code dead-letter-topic},
 * ...). Other tests of the same JVM may have dead-lettered records before: find yours by key or
 * value.
 */
public final class DeadLetterTopic implements AutoCloseable {

  /** One dead-lettered record. */
  public record Letter(String key, String value, Map<String, String> headers) {

    public String reason() {
      return headers.get("dead-letter-reason");
    }
  }

  private final String topic;
  private final KafkaProducer<String, String> producer;
  private final KafkaConsumer<String, String> consumer;
  private final List<Letter> letters = new ArrayList<>();

  /** Writes to {@code topic} and reads {@code topic + ".dlq"}. */
  public DeadLetterTopic(String topic) {
    this.topic = topic;
    String servers = TestInfrastructure.get().kafka().bootstrapServers();
    producer = KafkaBroker.producer(servers);
    consumer = KafkaBroker.readerFromStart(servers, "dlq-reader-", topic + ".dlq");
  }

  /** Writes one record to the consumed topic and waits for the broker's acknowledgement. */
  public void publish(String key, String value) {
    try {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    } catch (Exception e) {
      throw new IllegalStateException("publishing to " + topic + " failed", e);
    }
  }

  /** Waits for a dead-lettered record that matches. */
  public Letter await(String what, Predicate<Letter> match) {
    return Await.value(
        what + " on " + topic + ".dlq",
        Duration.ofSeconds(60),
        () -> {
          poll();
          return letters.stream().filter(match).findFirst().orElse(null);
        });
  }

  /** Every dead-lettered record read so far that matches, after one more poll. */
  public List<Letter> all(Predicate<Letter> match) {
    poll();
    return letters.stream().filter(match).toList();
  }

  private void poll() {
    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
      Map<String, String> headers = new LinkedHashMap<>();
      for (Header header : record.headers()) {
        headers.put(
            header.key(),
            header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
      }
      letters.add(new Letter(record.key(), record.value(), headers));
    }
  }

  @Override
  public void close() {
    producer.close();
    consumer.close();
  }
}
