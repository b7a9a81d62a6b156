package io.vigil.watcher;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.vigil.core.concurrent.PeriodicJob;
import io.vigil.core.metrics.Meters;
import io.vigil.watcher.persistence.HeldState;
import io.vigil.watcher.persistence.HeldStateRepository;
import io.vigil.watcher.persistence.WatchedChannel;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Prices the disputes of held channels against the next block's base fee: answers one channel's
 * protection for its status, and keeps the count of held channels whose value at stake no longer
 * pays a dispute ({@code vigil_watcher_channels_unpriceable}). Reads only the cached head and one
 * count; never a call per channel.
 */
@ApplicationScoped
public class Protections implements PeriodicJob.Owner {

  private static final Logger LOG = Logger.getLogger(Protections.class);

  static final String PROTECTED = "PROTECTED";
  static final String AT_RISK = "AT_RISK";
  static final String PENDING = "PENDING";
  static final String UNKNOWN = "UNKNOWN";

  private final HeldStateRepository states;
  private final ChainHead head;
  private final WatchPolicy policy;
  private final Duration checkInterval;
  private final AtomicLong unpriceable = new AtomicLong();

  public Protections(
      HeldStateRepository states, ChainHead head, WatcherConfig config, MeterRegistry metrics) {
    this.states = states;
    this.head = head;
    this.policy = WatchPolicy.from(config.policy());
    this.checkInterval = config.policy().priceCheckInterval();
    Meters.gauge(
        metrics,
        "vigil_watcher_channels_unpriceable",
        "Held channels whose value at stake is below dispute gas x next base fee x margin: a"
            + " dispute may not land while fees stay this high",
        unpriceable,
        AtomicLong::get);
  }

  /** The protection of a held state, for its status; the channel is empty while not on chain. */
  public ChannelStatus.Protection of(Optional<WatchedChannel> channel, HeldState held) {
    if (channel.isEmpty()) {
      return new ChannelStatus.Protection(
          PENDING,
          null,
          null,
          null,
          "the channel is not on chain yet; the watch policy is checked when it opens");
    }
    BigInteger nextBaseFee;
    try {
      nextBaseFee = head.nextBaseFee();
    } catch (RuntimeException down) {
      return new ChannelStatus.Protection(
          UNKNOWN,
          WatchPolicy.valueAtStake(channel.get(), held).toString(),
          null,
          null,
          "the node did not answer with the base fee");
    }
    String fee = nextBaseFee.toString();
    return switch (policy.protection(channel.get(), held, nextBaseFee)) {
      case WatchPolicy.Protection.Priced priced ->
          new ChannelStatus.Protection(
              PROTECTED, priced.valueAtStake().toString(), priced.required().toString(), fee, null);
      case WatchPolicy.Protection.AtRisk risk ->
          new ChannelStatus.Protection(
              AT_RISK,
              risk.valueAtStake().toString(),
              risk.required().toString(),
              fee,
              "the value at stake ("
                  + risk.valueAtStake()
                  + " wei) is below "
                  + policy.disputeGas()
                  + " gas x next base fee "
                  + fee
                  + " wei x margin "
                  + policy.priceMargin()
                  + " = "
                  + risk.required()
                  + " wei: a dispute may not land while fees stay this high");
      case WatchPolicy.Protection.NotNeeded none ->
          new ChannelStatus.Protection(
              PROTECTED, null, null, fee, "no dispute needed: " + none.why());
    };
  }

  /** Counts the held channels that cannot pay a dispute at the next base fee. */
  @Override
  public List<PeriodicJob> periodicJobs() {
    return List.of(PeriodicJob.every("watcher.pricing", checkInterval, this::check));
  }

  void check() {
    BigInteger nextBaseFee = head.nextBaseFee();
    BigInteger required = policy.required(nextBaseFee);
    long count = QuarkusTransaction.requiringNew().call(() -> states.countUnpriceable(required));
    long before = unpriceable.getAndSet(count);
    if (count > before) {
      LOG.warnf(
          "%d held channel(s) cannot pay a dispute at the next base fee of %s wei: their value"
              + " at stake is below %s wei",
          count, nextBaseFee, required);
    } else if (count == 0 && before > 0) {
      LOG.infof("every held channel pays a dispute again at a base fee of %s wei", nextBaseFee);
    }
  }
}
