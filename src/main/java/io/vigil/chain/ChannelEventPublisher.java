package io.vigil.chain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vigil.core.chain.ChainBlock;
import io.vigil.core.chain.ChainListener;
import io.vigil.core.messaging.ChannelEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes every connected and retracted hub event on the channel-events topic, keyed by channel
 * id, and returns only once Kafka has acknowledged all of them: the cursor moves after that.
 */
@ApplicationScoped
public class ChannelEventPublisher implements ChainListener {

  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

  private final MutinyEmitter<String> emitter;
  private final ObjectMapper json;

  public ChannelEventPublisher(
      @Channel("chain-channel-events-out") MutinyEmitter<String> emitter, ObjectMapper json) {
    this.emitter = emitter;
    this.json = json;
  }

  @Override
  public void blockConnected(ChainBlock block) {
    publish(block.events());
  }

  @Override
  public void blockDisconnected(ChainBlock block) {
    publish(block.events());
  }

  private void publish(List<ChannelEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    List<Uni<Void>> acks =
        events.stream()
            .map(
                event ->
                    emitter.sendMessage(
                        Message.of(write(event))
                            .addMetadata(
                                OutgoingKafkaRecordMetadata.<String>builder()
                                    .withKey(event.key())
                                    .build())))
            .toList();
    Uni.join().all(acks).andFailFast().await().atMost(ACK_TIMEOUT);
  }

  private String write(ChannelEvent event) {
    try {
      return json.writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
