package io.vigil.watcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.testsupport.TestInfrastructure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a channel-events topic from the beginning, to check what a follower published. */
final class ChannelEventsTopic {

  private ChannelEventsTopic() {}

  static List<JsonNode> readAll(String topic) {
    Properties properties = new Properties();
    properties.put("bootstrap.servers", TestInfrastructure.get().kafka().bootstrapServers());
    properties.put("group.id", "reader-" + UUID.randomUUID());
    properties.put("auto.offset.reset", "earliest");
    properties.put("key.deserializer", StringDeserializer.class.getName());
    properties.put("value.deserializer", StringDeserializer.class.getName());
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> events = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
      consumer.subscribe(List.of(topic));
      int emptyPolls = 0;
      while (emptyPolls < 5) {
        var records = consumer.poll(Duration.ofMillis(500));
        if (records.isEmpty()) {
          emptyPolls++;
          continue;
        }
        emptyPolls = 0;
        for (ConsumerRecord<String, String> record : records) {
          events.add(json.readTree(record.value()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    events.sort(
        java.util.Comparator.comparingLong((JsonNode e) -> e.get("blockNumber").asLong())
            .thenComparingLong(e -> e.get("logIndex").asLong()));
    return events;
  }
}
