package io.vigil.watcher;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Admits clients, identified by their channel key (the party that signed the hunter authorization):
 * a token bucket per client limits the delegation rate, and a quota bounds the channels one client
 * has under watch. Buckets live in this process, so with N watcher replicas a client gets up to N
 * times the rate.
 */
@ApplicationScoped
public class Gatekeeper {

  private final Clock clock;
  private final double ratePerSecond;
  private final int burst;
  private final int maxChannels;
  private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  @Inject
  public Gatekeeper(Clock clock, WatcherConfig config) {
    this(clock, config.ratePerSecond(), config.rateBurst(), config.maxChannelsPerClient());
  }

  public Gatekeeper(Clock clock, double ratePerSecond, int burst, int maxChannels) {
    this.clock = clock;
    this.ratePerSecond = ratePerSecond;
    this.burst = burst;
    this.maxChannels = maxChannels;
  }

  /** Whether a client may go on, and if not, when it may retry. */
  public sealed interface Admission {
    record Admitted() implements Admission {}

    record Refused(String reason, long retryAfterSeconds) implements Admission {}
  }

  /** Takes one request from the client's rate allowance. */
  public Admission admitRequest(String client) {
    long now = clock.millis();
    Bucket bucket =
        buckets.compute(
            client.toLowerCase(),
            (key, old) ->
                (old == null ? Bucket.full(burst, now).withRate(ratePerSecond) : old.refill(now))
                    .take());
    if (bucket.granted()) {
      return new Admission.Admitted();
    }
    double missing = 1 - bucket.tokens();
    long retryAfter = Math.max(1, (long) Math.ceil(missing / ratePerSecond));
    return new Admission.Refused("rate limit of " + ratePerSecond + "/s exceeded", retryAfter);
  }

  /**
   * Checks the channel quota for a client about to add a new channel.
   *
   * @param watched channels the client has under watch now
   */
  public Admission admitNewChannel(String client, long watched) {
    if (watched >= maxChannels) {
      return new Admission.Refused(
          "quota of " + maxChannels + " watched channels reached; retry once one settles", 3600);
    }
    return new Admission.Admitted();
  }

  /** Forgets buckets idle long enough to be full again, bounding memory. */
  public void forgetIdle() {
    long now = clock.millis();
    buckets.values().removeIf(bucket -> bucket.refill(now).tokens() >= burst);
  }

  /** Tokens left at a point in time; {@code granted} says whether the last take succeeded. */
  private record Bucket(double tokens, long at, boolean granted, int capacity, double rate) {

    static Bucket full(int capacity, long now) {
      return new Bucket(capacity, now, false, capacity, 0);
    }

    Bucket withRate(double perSecond) {
      return new Bucket(tokens, at, granted, capacity, perSecond);
    }

    Bucket refill(long now) {
      double added = Math.max(0, now - at) / 1000.0 * rate;
      return new Bucket(
          Math.min(capacity, tokens + added), Math.max(now, at), granted, capacity, rate);
    }

    Bucket take() {
      return tokens >= 1
          ? new Bucket(tokens - 1, at, true, capacity, rate)
          : new Bucket(tokens, at, false, capacity, rate);
    }
  }
}
