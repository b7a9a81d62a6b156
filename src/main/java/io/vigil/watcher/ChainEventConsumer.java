package io.vigil.watcher;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.vigil.core.chain.BlockRef;
import io.vigil.core.chain.ChainBlock;
import io.vigil.core.messaging.ChannelEvent;
import io.vigil.core.messaging.TransactionOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Feeds the watcher from Kafka: each channel event becomes a connected (or, when retracted, a
 * disconnected) block holding just that event, and each transaction outcome is recorded. Offsets
 * are committed after the effects are, so a crash replays rather than loses.
 */
@ApplicationScoped
public class ChainEventConsumer {

  private static final Logger LOG = Logger.getLogger(ChainEventConsumer.class);

  private final Watcher watcher;
  private final ObjectMapper json;

  public ChainEventConsumer(Watcher watcher, ObjectMapper json) {
    this.watcher = watcher;
    this.json = json;
  }

  @Incoming("watcher-channel-events")
  @Blocking
  public void channelEvent(String payload) {
    ChannelEvent event;
    try {
      event = json.readValue(payload, ChannelEvent.class);
    } catch (JsonProcessingException unreadable) {
      LOG.errorf("skipping an unreadable channel event: %s", unreadable.getOriginalMessage());
      return;
    }
    ChainBlock block =
        ChainBlock.of(BlockRef.of(event.blockNumber(), event.blockHash(), null, 0), List.of(event));
    untilDone(
        "channel event " + event.eventId(),
        () -> {
          if (event.retracted()) {
            watcher.blockDisconnected(block);
          } else {
            watcher.blockConnected(block);
          }
        });
  }

  @Incoming("watcher-tx-outcomes")
  @Blocking
  public void transactionOutcome(String payload) {
    TransactionOutcome outcome;
    try {
      outcome = json.readValue(payload, TransactionOutcome.class);
    } catch (JsonProcessingException unreadable) {
      LOG.errorf("skipping an unreadable transaction outcome: %s", unreadable.getOriginalMessage());
      return;
    }
    untilDone("outcome of " + outcome.requestId(), () -> watcher.outcome(outcome));
  }

  /**
   * Retries an effect until it succeeds: the next message must not be consumed (and the offset not
   * committed) while this one is not applied, or an outage would lose it.
   */
  private void untilDone(String what, Runnable effect) {
    long backoff = 100;
    while (true) {
      try {
        effect.run();
        return;
      } catch (RuntimeException e) {
        LOG.warnf("applying %s failed, retrying in %d ms: %s", what, backoff, e.toString());
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while retrying " + what, interrupted);
        }
        backoff = Math.min(backoff * 2, 5_000);
      }
    }
  }
}
