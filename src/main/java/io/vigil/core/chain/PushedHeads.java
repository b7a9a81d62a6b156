package io.vigil.core.chain;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.core.concurrent.Backoff;
import io.vigil.core.concurrent.WorkerLoop;
import io.vigil.core.concurrent.WorkerLoops;
import io.vigil.core.config.VigilConfig;
import io.vigil.core.metrics.Meters;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import org.jboss.logging.Logger;

/**
 * Keeps one {@code newHeads} subscription on the configured WebSocket endpoints and tells its
 * listeners of each pushed head: a wake-up signal only, the follower still reads blocks and logs
 * over HTTP. A subscription that is refused, ends, or stalls (no head for {@code
 * vigil.chain.head-stall-timeout}) is dropped and made again with backoff, on the next endpoint;
 * meanwhile the listeners poll as they would without push.
 *
 * <p>Bounded: one connection at a time (so at most one per endpoint), a connect and answer timeout
 * of {@code vigil.chain.request-timeout}, messages of at most {@link Settings#maxMessageChars()},
 * one supervising thread and one thread for the WebSocket callbacks. Endpoints are labelled by
 * index, never by URL (URLs often carry API keys).
 */
@ApplicationScoped
public class PushedHeads {

  private static final Logger LOG = Logger.getLogger(PushedHeads.class);

  /** What the subscription needs to know. */
  public record Settings(
      List<String> wsUrls,
      Duration timeout,
      Duration stallTimeout,
      Backoff backoff,
      int maxMessageChars) {

    public Settings {
      wsUrls = List.copyOf(wsUrls);
      if (!stallTimeout.isPositive() || maxMessageChars < 1) {
        throw new IllegalArgumentException("stall timeout and message size must be positive");
      }
    }

    /** A block header is about 1 KB; 64 KiB leaves room for any chain's extra fields. */
    public static final int MAX_MESSAGE_CHARS = 64 * 1024;

    public static Settings of(List<String> wsUrls, Duration timeout, Duration stallTimeout) {
      return new Settings(
          wsUrls,
          timeout,
          stallTimeout,
          new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1)),
          MAX_MESSAGE_CHARS);
    }

    public static Settings from(VigilConfig config) {
      VigilConfig.Chain chain = config.chain();
      return of(
          chain.wsUrls().orElse(List.of()).stream().filter(url -> !url.isBlank()).toList(),
          chain.requestTimeout(),
          chain.headStallTimeout());
    }
  }

  private final Settings settings;
  private final Clock clock;
  private final WorkerLoop loop;
  private final List<LongConsumer> listeners = new CopyOnWriteArrayList<>();
  private final AtomicReference<HeadFeed> feed = new AtomicReference<>(HeadFeed.none());
  private final Counter pushed;
  private final Counter resubscriptions;
  private final Counter stalls;

  /** Written only by the supervising loop's thread; read by the gauge and health too. */
  private volatile HeadSubscription subscription;

  // Touched only by the supervising loop's thread (rounds never overlap).
  private Backoff.Streak streak = Backoff.Streak.NONE;
  private int endpoint;
  private long attempts;
  private ExecutorService callbacks; // with the client: made on the first subscription
  private HttpClient http;

  @Inject
  public PushedHeads(VigilConfig config, WorkerLoops loops, Clock clock, MeterRegistry meters) {
    this(Settings.from(config), loops, clock, meters);
  }

  public PushedHeads(Settings settings, WorkerLoops loops, Clock clock, MeterRegistry meters) {
    this.settings = settings;
    this.clock = clock;
    this.loop = loops.create("chain-heads", this::round, settings.backoff());
    this.pushed =
        Meters.counter(
            meters,
            "vigil_chain_heads_pushed_total",
            "New heads pushed by a newHeads subscription");
    this.resubscriptions =
        Meters.counter(
            meters,
            "vigil_chain_head_resubscriptions_total",
            "Attempts to subscribe to newHeads again after a subscription was refused, lost or"
                + " stalled");
    this.stalls =
        Meters.counter(
            meters,
            "vigil_chain_head_stalls_total",
            "newHeads subscriptions dropped for delivering no head within the stall timeout");
    Meters.gauge(
        meters,
        "vigil_chain_head_push",
        "1 while new heads arrive by push, 0 while the follower only polls",
        this,
        heads -> heads.mode() == HeadFeed.Mode.PUSH ? 1 : 0);
  }

  /** True when WebSocket endpoints are configured. */
  public boolean configured() {
    return !settings.wsUrls().isEmpty();
  }

  /**
   * Calls {@code onHead} with the number of every pushed head, on the WebSocket callback thread: it
   * must return at once (e.g. wake a loop). Starts the subscription on first use when endpoints are
   * configured; without them nothing is ever pushed.
   */
  public void listen(LongConsumer onHead) {
    listeners.add(onHead);
    if (configured()) {
      loop.start();
    }
  }

  /** How heads reach the listeners now. */
  public HeadFeed.Mode mode() {
    HeadSubscription current = subscription;
    if (current == null || !current.isOpen()) {
      return HeadFeed.Mode.POLL;
    }
    return feed.get().mode(clock.instant(), settings.stallTimeout());
  }

  /**
   * Stops the supervising loop (waiting for its round), then drops the connection and its threads.
   */
  @PreDestroy
  void close() {
    loop.stop();
    HeadSubscription current = subscription;
    if (current != null) {
      current.close();
    }
    if (http != null) {
      http.shutdownNow();
      callbacks.shutdownNow();
    }
  }

  /** The WebSocket client and its one callback thread; none in a process that never subscribes. */
  private HttpClient client() {
    if (http == null) {
      callbacks =
          Executors.newSingleThreadExecutor(
              task -> {
                Thread thread = new Thread(task, "chain-heads-ws");
                thread.setDaemon(true);
                return thread;
              });
      http = HttpClient.newBuilder().connectTimeout(settings.timeout()).executor(callbacks).build();
    }
    return http;
  }

  /** Supervises the subscription; answers when to look again. */
  private Duration round() {
    Instant now = clock.instant();
    HeadSubscription current = subscription;
    if (current != null && current.isOpen()) {
      HeadFeed.Mode mode = feed.get().mode(now, settings.stallTimeout());
      if (mode == HeadFeed.Mode.PUSH) {
        return feed.get().untilStall(now, settings.stallTimeout());
      }
      stalls.increment();
      LOG.warnf(
          "newHeads subscription on ws endpoint %d delivered no head for %s: polling,"
              + " subscribing again",
          endpoint, settings.stallTimeout());
      drop(now);
    } else if (current != null) {
      LOG.warnf(
          "newHeads subscription on ws endpoint %d ended: polling, subscribing again", endpoint);
      drop(now);
    }
    if (streak.waiting(now)) {
      return Duration.between(now, streak.notBefore());
    }
    return subscribe(now);
  }

  private Duration subscribe(Instant now) {
    if (attempts++ > 0) {
      resubscriptions.increment();
    }
    try {
      subscription =
          HeadSubscription.open(
              client(),
              URI.create(settings.wsUrls().get(endpoint)),
              settings.timeout(),
              settings.maxMessageChars(),
              this::headArrived,
              loop::wake);
      feed.set(HeadFeed.subscribedAt(clock.instant()));
      streak = Backoff.Streak.NONE;
      LOG.infof("new heads arrive by push from ws endpoint %d", endpoint);
      return settings.stallTimeout();
    } catch (ChainException failed) {
      LOG.warnf(
          "no newHeads subscription on ws endpoint %d, polling: %s", endpoint, failed.getMessage());
    } catch (IllegalArgumentException badUrl) {
      // Its message would quote the URL, which often carries an API key.
      LOG.warnf("ws endpoint %d is not a ws:// or wss:// URL: polling", endpoint);
    }
    drop(now);
    return Duration.between(now, streak.notBefore());
  }

  /** Forgets the subscription, backs off and moves to the next endpoint. */
  private void drop(Instant now) {
    HeadSubscription current = subscription;
    if (current != null) {
      current.close();
    }
    subscription = null;
    feed.set(HeadFeed.none());
    streak = streak.failedAgain(now, settings.backoff());
    endpoint = (endpoint + 1) % settings.wsUrls().size();
  }

  private void headArrived(long number) {
    feed.updateAndGet(current -> current.headArrived(clock.instant()));
    pushed.increment();
    for (LongConsumer listener : listeners) {
      try {
        listener.accept(number);
      } catch (RuntimeException failure) {
        LOG.errorf(failure, "a listener of pushed heads failed at head %d", number);
      }
    }
  }
}
