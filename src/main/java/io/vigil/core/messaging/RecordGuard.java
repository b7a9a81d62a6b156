package io.vigil.core.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.vigil.core.messaging.PoisonPolicy.Next;
import io.vigil.core.messaging.PoisonPolicy.Tally;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Takes each record a Kafka consumer reads from the consumer to a settled end: applied and
 * acknowledged, or set aside on the channel's dead-letter topic (SmallRye's {@code
 * dead-letter-queue} failure strategy, with the reason in the {@code dead-letter-reason} header)
 * and counted in {@code vigil_kafka_dead_letters_total}. A record is bounded and parsed into a
 * value and checked before anything applies it; a failing effect is retried by {@link
 * PoisonPolicy}.
 *
 * <p>Invariant (at least once): a record's offset is committed only after its effects are stored or
 * the record is on the dead-letter topic. A record that is neither when the application stops is
 * left unacknowledged, so the next owner of its partition reads it again.
 *
 * <p>Consumers call {@link #take} from an {@code @Incoming @Blocking} method that receives the
 * {@link Message} and returns the {@link Uni}, which completes once the record is settled; SmallRye
 * hands over the next record of the channel only then, so order is kept.
 */
@ApplicationScoped
public class RecordGuard {

  private static final Logger LOG = Logger.getLogger(RecordGuard.class);
  static final String METRIC = "vigil_kafka_dead_letters_total";
  private static final String INCOMING = "mp.messaging.incoming.";
  private static final String STRATEGY = ".failure-strategy";
  private static final String DEAD_LETTER_HEADERS = "dead-letter-";

  private final ObjectMapper json;
  private final MessagingConfig config;
  private final PoisonPolicy policy;
  private final StoreProbe probe;
  private final MeterRegistry metrics;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final AtomicBoolean stopping = new AtomicBoolean();

  public RecordGuard(
      ObjectMapper json, MessagingConfig config, StoreProbe probe, MeterRegistry metrics) {
    this.json = Reading.strict(json);
    this.config = config;
    this.policy = PoisonPolicy.of(config);
    this.probe = probe;
    this.metrics = metrics;
  }

  /**
   * Every dead-lettering channel of the roles this process runs starts with its counters at zero,
   * so an alert on their increase sees the first dead letter too.
   */
  void onStart(@Observes StartupEvent event, Config settings) {
    TreeSet<String> channels = new TreeSet<>();
    for (String name : settings.getPropertyNames()) {
      if (name.startsWith(INCOMING) && name.endsWith(STRATEGY)) {
        String channel = name.substring(INCOMING.length(), name.length() - STRATEGY.length());
        boolean dlq =
            settings
                .getOptionalValue(name, String.class)
                .filter("dead-letter-queue"::equals)
                .isPresent();
        boolean enabled =
            settings.getOptionalValue(INCOMING + channel + ".enabled", Boolean.class).orElse(true);
        if (dlq && enabled) {
          channels.add(channel);
        }
      }
    }
    channels.forEach(this::register);
  }

  void onStop(@Observes ShutdownEvent event) {
    stopping.set(true);
  }

  /** Creates the channel's counters, at zero, if they do not exist yet. */
  private void register(String channel) {
    for (Poison poison : Poison.values()) {
      counter(channel, poison);
    }
  }

  /**
   * Reads a record as JSON of {@code type}, checks it (turning it into the value applied), applies
   * it and settles it. Blocks while the effect is retried; call it from a worker thread.
   *
   * @param channel the incoming channel, for the metric and the logs
   * @param check pure decision whether the parsed record may be applied, and as what value
   * @param apply the effect; it must be idempotent, since a retry or a redelivery repeats it
   * @return completes once the record is acknowledged, dead-lettered or (on shutdown) left for
   *     redelivery; never fails
   */
  public <T, V> Uni<Void> take(
      String channel,
      Message<String> record,
      Class<T> type,
      Function<T, Reading<V>> check,
      Consumer<V> apply) {
    Reading<V> reading;
    try {
      reading =
          Reading.<T>parse(record.getPayload(), config.maxRecordBytes(), json.readerFor(type))
              .then(check);
    } catch (RuntimeException bug) {
      LOG.errorf(bug, "checking a record of %s failed", channel);
      reading = Reading.unusable(Poison.MALFORMED, "could not be checked: " + bug);
    }
    return switch (reading) {
      case Reading.Unusable<V> unusable ->
          setAside(channel, record, DeadLetter.of(unusable.poison(), unusable.reason()));
      case Reading.Usable<V> usable -> applyAndSettle(channel, record, usable.value(), apply);
    };
  }

  private <T> Uni<Void> applyAndSettle(
      String channel, Message<String> record, T value, Consumer<T> apply) {
    Tally tally = Tally.none();
    while (!stopping.get()) {
      try {
        apply.accept(value);
        return acknowledge(channel, record);
      } catch (RuntimeException failure) {
        boolean answered = !PoisonPolicy.isOutage(failure) && probe.answers();
        tally = tally.failed(answered);
        Next next = policy.next(tally);
        if (next instanceof Next.SetAside) {
          return setAside(
              channel,
              record,
              DeadLetter.failing(
                  "failed "
                      + tally.strikes()
                      + " times while the database answered; last failure: "
                      + failure,
                  failure));
        }
        Duration wait = ((Next.Retry) next).after();
        LOG.warnf(
            "applying %s failed (%s), retrying in %d ms: %s",
            where(channel, record),
            answered ? "the database answers" : "the database does not answer",
            wait.toMillis(),
            failure.toString());
        if (!pause(wait)) {
          break;
        }
      }
    }
    LOG.infof("stopping: %s stays unacknowledged and will be read again", where(channel, record));
    return Uni.createFrom().voidItem();
  }

  private Uni<Void> acknowledge(String channel, Message<String> record) {
    return Uni.createFrom()
        .completionStage(record::ack)
        .onFailure()
        .recoverWithUni(
            failure -> {
              LOG.errorf("acknowledging %s failed: %s", where(channel, record), failure);
              return Uni.createFrom().voidItem();
            });
  }

  /**
   * Nacks the record with {@code deadLetter}, which makes SmallRye write it to the dead-letter
   * topic and then commit it. If that write fails the record stays uncommitted and is read again.
   */
  private Uni<Void> setAside(String channel, Message<String> record, DeadLetter deadLetter) {
    LOG.warnf("dead-lettering %s: %s", where(channel, record), deadLetter.getMessage());
    record
        .getMetadata(IncomingKafkaRecordMetadata.class)
        .ifPresent(kafka -> dropForgedHeaders(kafka.getHeaders(), where(channel, record)));
    return Uni.createFrom()
        .completionStage(() -> record.nack(deadLetter))
        .invoke(() -> counter(channel, deadLetter.poison()).increment())
        .onFailure()
        .recoverWithUni(
            failure -> {
              LOG.errorf(
                  "writing %s to the dead-letter topic failed; it stays uncommitted: %s",
                  where(channel, record), failure);
              return Uni.createFrom().voidItem();
            });
  }

  /**
   * Removes the {@code dead-letter-*} headers a record arrived with. SmallRye copies a record's
   * headers onto its dead letter after the ones it writes, so a producer's own {@code
   * dead-letter-reason} or {@code dead-letter-topic} would be the last of its name, the one {@code
   * Headers.lastHeader} and most tools show, and would stand for the consumer's.
   */
  static void dropForgedHeaders(Headers headers, String where) {
    List<String> names = new ArrayList<>();
    for (Header header : headers) {
      if (header.key() != null && header.key().startsWith(DEAD_LETTER_HEADERS)) {
        names.add(header.key());
      }
    }
    if (!names.isEmpty()) {
      LOG.warnf("%s arrived with headers %s; they are not copied to its dead letter", where, names);
      names.forEach(headers::remove);
    }
  }

  private Counter counter(String channel, Poison poison) {
    return counters.computeIfAbsent(
        channel + "/" + poison.label(),
        key ->
            Counter.builder(METRIC)
                .description("Records a consumer wrote to its dead-letter topic, by reason")
                .tag("channel", channel)
                .tag("reason", poison.label())
                .register(metrics));
  }

  private static String where(String channel, Message<String> record) {
    return record
        .getMetadata(IncomingKafkaRecordMetadata.class)
        .map(k -> "record " + k.getTopic() + "-" + k.getPartition() + "@" + k.getOffset())
        .orElse("a record of " + channel);
  }

  /** Sleeps; false when interrupted (the thread's interrupt flag is set again). */
  private static boolean pause(Duration wait) {
    try {
      Thread.sleep(wait);
      return true;
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
