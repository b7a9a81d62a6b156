package io.vigil.watcher;

import io.vigil.core.limits.Grant;
import io.vigil.core.limits.RateLimit;
import io.vigil.core.limits.RateLimiter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Admits clients, identified by their channel key (the party that signed the hunter authorization):
 * a token bucket per client limits the delegation rate, a quota bounds the channels one client has
 * under watch, and a cap bounds the states held for channels not seen on chain yet. The buckets are
 * the shared ones of {@link RateLimiter}, and the quota and the cap are counted in the database
 * under locks ({@link io.vigil.watcher.persistence.HeldStateRepository#lockClients}), so every
 * limit holds for all watcher replicas together.
 */
@ApplicationScoped
public class Gatekeeper {

  /** Scope of the delegation buckets in the shared table. */
  public static final String SCOPE = "watcher.delegations";

  private static final long MAX_RETRY_SECONDS = 3600;

  private final RateLimiter limiter;
  private final RateLimit rate;
  private final int maxChannels;
  private final long maxPending;

  @Inject
  public Gatekeeper(RateLimiter limiter, WatcherConfig config) {
    this(
        limiter,
        RateLimit.of(SCOPE, "delegations", config.ratePerSecond(), config.rateBurst()),
        config.maxChannelsPerClient(),
        config.maxPendingStates());
  }

  public Gatekeeper(RateLimiter limiter, RateLimit rate, int maxChannels, long maxPending) {
    this.limiter = limiter;
    this.rate = rate;
    this.maxChannels = maxChannels;
    this.maxPending = maxPending;
  }

  /** Whether a client may go on, and if not, when it may retry. */
  public sealed interface Admission {
    record Admitted() implements Admission {}

    record Refused(String reason, long retryAfterSeconds) implements Admission {}
  }

  /**
   * Takes one token per request from each client's bucket, for a whole batch in one statement; the
   * answer has one admission per entry of {@code clients} (null entries get null). A client with
   * fewer tokens than requests gets its first requests admitted.
   */
  public Admission[] admitRequests(List<String> clients) {
    Map<String, Integer> wanted = new HashMap<>();
    for (String client : clients) {
      if (client != null) {
        wanted.merge(client.toLowerCase(Locale.ROOT), 1, Integer::sum);
      }
    }
    return assign(clients, limiter.take(rate, wanted));
  }

  /** Pure: hands each client's granted tokens to its requests in order. */
  static Admission[] assign(List<String> clients, Map<String, Grant> grants) {
    Admission[] admissions = new Admission[clients.size()];
    Map<String, Integer> used = new HashMap<>();
    for (int i = 0; i < clients.size(); i++) {
      if (clients.get(i) == null) {
        continue;
      }
      String key = clients.get(i).toLowerCase(Locale.ROOT);
      Grant grant = grants.get(key);
      int index = used.merge(key, 1, Integer::sum);
      if (grant != null && index <= grant.granted()) {
        admissions[i] = new Admission.Admitted();
      } else {
        admissions[i] =
            grant == null
                ? new Admission.Refused("rate limit unknown", 1)
                : new Admission.Refused(
                    "the client is over the limit of "
                        + grant.limit().describe()
                        + " ("
                        + grant.limit().scope()
                        + ")",
                    grant.retryAfterSeconds());
      }
    }
    return admissions;
  }

  /**
   * Checks the channel quota for a client about to add a new channel.
   *
   * @param watched channels the client has under watch now
   */
  public Admission admitNewChannel(String client, long watched) {
    if (watched >= maxChannels) {
      return new Admission.Refused(
          "quota of "
              + maxChannels
              + " watched channels per client (vigil.watcher.max-channels-per-client) reached;"
              + " retry once one settles",
          MAX_RETRY_SECONDS);
    }
    return new Admission.Admitted();
  }

  /**
   * Checks the cap on states held for channels not seen on chain yet, before one more is added.
   *
   * @param pending such states held now, by every client
   * @param oldestExpiry when the first of them expires (null when there are none)
   */
  public Admission admitPending(long pending, Instant oldestExpiry, Instant now) {
    if (pending < maxPending) {
      return new Admission.Admitted();
    }
    long wait =
        oldestExpiry == null ? MAX_RETRY_SECONDS : Duration.between(now, oldestExpiry).toSeconds();
    return new Admission.Refused(
        "this watcher holds "
            + pending
            + " states for channels not seen on chain yet, its limit"
            + " (vigil.watcher.max-pending-states); retry once one opens or expires",
        Math.clamp(wait, 1, MAX_RETRY_SECONDS));
  }
}
