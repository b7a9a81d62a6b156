package io.vigil.relay;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.messaging.Topics;
import io.vigil.core.messaging.TransactionOutcome;
import io.vigil.core.messaging.TransactionRequest;
import io.vigil.testsupport.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Test helper: publishes transaction requests and collects outcomes, as the watcher would. */
public final class RelayKafka implements AutoCloseable {

  private final ObjectMapper json = new ObjectMapper();
  private final KafkaProducer<String, String> producer;
  private final KafkaConsumer<String, String> consumer;
  private final Map<String, List<TransactionOutcome>> outcomes = new ConcurrentHashMap<>();

  private final String requestTopic;

  public RelayKafka(String bootstrapServers) {
    this(bootstrapServers, Topics.TX_REQUESTS, Topics.TX_OUTCOMES);
  }

  /** Publishes to and reads from these topics instead of the shared ones. */
  public RelayKafka(String bootstrapServers, String requestTopic, String outcomeTopic) {
    this.requestTopic = requestTopic;
    producer = KafkaBroker.producer(bootstrapServers);
    consumer = KafkaBroker.readerFromStart(bootstrapServers, "relay-test-", outcomeTopic);
  }

  public void publish(TransactionRequest request) {
    try {
      producer
          .send(
              new ProducerRecord<>(requestTopic, request.from(), json.writeValueAsString(request)))
          .get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public void publishRaw(String key, String payload) {
    try {
      producer.send(new ProducerRecord<>(requestTopic, key, payload)).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Polls once and returns every outcome seen so far for the request, in order. */
  public List<TransactionOutcome> outcomes(String requestId) {
    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
      try {
        TransactionOutcome outcome = json.readValue(record.value(), TransactionOutcome.class);
        outcomes.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(outcome);
      } catch (Exception e) {
        throw new IllegalStateException("unreadable outcome " + record.value(), e);
      }
    }
    return List.copyOf(outcomes.getOrDefault(requestId, List.of()));
  }

  /** The latest outcome with this status, or null. */
  public TransactionOutcome last(String requestId, TransactionOutcome.Status status) {
    List<TransactionOutcome> seen = outcomes(requestId);
    for (int i = seen.size() - 1; i >= 0; i--) {
      if (seen.get(i).status() == status) {
        return seen.get(i);
      }
    }
    return null;
  }

  @Override
  public void close() {
    producer.close();
    consumer.close();
  }
}
