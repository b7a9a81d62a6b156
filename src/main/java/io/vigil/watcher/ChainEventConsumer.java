package io.vigil.watcher;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.vigil.core.messaging.ChannelEvent;
import io.vigil.core.messaging.RecordGuard;
import io.vigil.core.messaging.TransactionOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Feeds the watcher from Kafka: each channel event is read, once and here, into the typed {@link
 * io.vigil.core.chain.HubEvent} it names and applied as connected (or, when retracted, undone), and
 * each transaction outcome is recorded by the {@link Enforcer}. A record {@link IntakeCheck} finds
 * malformed, or that keeps failing while the database answers, goes to the channel's dead-letter
 * topic ({@link RecordGuard}); offsets are committed after the effects are, so a crash replays
 * rather than loses.
 */
@ApplicationScoped
public class ChainEventConsumer {

  static final String EVENTS = "watcher-channel-events";
  static final String OUTCOMES = "watcher-tx-outcomes";

  private final Watcher watcher;
  private final Enforcer enforcer;
  private final RecordGuard guard;

  public ChainEventConsumer(Watcher watcher, Enforcer enforcer, RecordGuard guard) {
    this.watcher = watcher;
    this.enforcer = enforcer;
    this.guard = guard;
  }

  @Incoming(EVENTS)
  @Blocking
  public Uni<Void> channelEvent(Message<String> record) {
    return guard.take(
        EVENTS, record, ChannelEvent.class, IntakeCheck::channelEvent, watcher::apply);
  }

  @Incoming(OUTCOMES)
  @Blocking
  public Uni<Void> transactionOutcome(Message<String> record) {
    return guard.take(
        OUTCOMES, record, TransactionOutcome.class, IntakeCheck::outcome, enforcer::outcome);
  }
}
