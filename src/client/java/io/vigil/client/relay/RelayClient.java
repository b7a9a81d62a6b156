package io.vigil.client.relay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.client.ErrorCode;
import io.vigil.client.VigilClientException;
import io.vigil.client.events.Notifications;
import io.vigil.client.http.JsonHttp;
import io.vigil.client.hub.SignedTransaction;
import io.vigil.core.channel.ChannelState;
import io.vigil.core.crypto.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Hands signed transactions and co-signed states to one or several Vigil relays and follows them to
 * a final status. A submission goes to every relay at once and succeeds when at least one accepts:
 * a relay that is down or slow costs at most its timeout and never blocks the others. Accepted
 * submissions are kept in an optional {@link RelayJournal}; a final status is published as a {@link
 * TransactionFinal} through optional {@link Notifications}.
 */
public final class RelayClient {

  /** What a state post asks the relay to send (its {@code action}). */
  public enum StateAction {
    CHECKPOINT("checkpoint"),
    COOPERATIVE_CLOSE("cooperativeClose"),
    CLOSE("close");

    private final String wire;

    StateAction(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }

    /** Accepts the wire name ({@code cooperativeClose}) or the constant name. */
    public static StateAction parse(String text) {
      for (StateAction action : values()) {
        if (action.wire.equalsIgnoreCase(text) || action.name().equalsIgnoreCase(text)) {
          return action;
        }
      }
      throw VigilClientException.of(
          ErrorCode.USAGE, "a state action is checkpoint, cooperativeClose or close: " + text);
    }
  }

  private final List<JsonHttp> relays;
  private final RelayJournal journal;
  private final Notifications notifications;
  private final Clock clock;
  private final Duration pollInterval;

  private RelayClient(
      List<JsonHttp> relays,
      RelayJournal journal,
      Notifications notifications,
      Clock clock,
      Duration pollInterval) {
    if (relays.isEmpty()) {
      throw VigilClientException.of(ErrorCode.USAGE, "no relay configured");
    }
    this.relays = List.copyOf(relays);
    this.journal = journal;
    this.notifications = notifications;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
  }

  /** A client of the relays at {@code baseUrls}, without journal or notifications. */
  public static RelayClient of(List<String> baseUrls) {
    return new RelayClient(
        baseUrls.stream().map(JsonHttp::new).toList(),
        null,
        null,
        Clock.systemUTC(),
        Duration.ofMillis(250));
  }

  public static RelayClient of(String... baseUrls) {
    return of(List.of(baseUrls));
  }

  public RelayClient withJournal(RelayJournal newJournal) {
    return new RelayClient(relays, newJournal, notifications, clock, pollInterval);
  }

  public RelayClient withNotifications(Notifications newNotifications) {
    return new RelayClient(relays, journal, newNotifications, clock, pollInterval);
  }

  public RelayClient withPollInterval(Duration interval) {
    return new RelayClient(relays, journal, notifications, clock, interval);
  }

  public RelayClient withClock(Clock newClock) {
    return new RelayClient(relays, journal, notifications, newClock, pollInterval);
  }

  public List<String> relayUrls() {
    return relays.stream().map(JsonHttp::baseUrl).toList();
  }

  /** Submits a client-signed transaction ({@code POST /v1/relay/transactions}) to every relay. */
  public Submission submit(SignedTransaction transaction) {
    ObjectNode body = JsonHttp.JSON.createObjectNode();
    body.put("raw", transaction.raw());
    body.put("from", transaction.from().hex());
    Submission submission =
        toEveryRelay("/v1/relay/transactions", body, transaction.requestId(), transaction.txHash());
    journal(submission, "raw", transaction.from().hex(), transaction.nonce());
    return submission;
  }

  /**
   * Asks the relays to post a co-signed state from their own account ({@code POST
   * /v1/relay/states}). {@code a} and {@code b} may be null only for a close at nonce 0.
   */
  public Submission postState(StateAction action, ChannelState state, Signature a, Signature b) {
    ObjectNode body = JsonHttp.JSON.createObjectNode();
    body.put("action", action.wire());
    ObjectNode form = body.putObject("state");
    form.put("channelId", state.channelId().hex());
    form.put("nonce", Long.toString(state.nonce()));
    form.put("balanceA", state.balanceA().toString());
    form.put("balanceB", state.balanceB().toString());
    body.put("sigA", a == null ? "0x" : a.hex());
    body.put("sigB", b == null ? "0x" : b.hex());
    String requestId =
        "state:" + action.wire() + ":" + state.channelId().hex() + ":" + state.nonce();
    Submission submission = toEveryRelay("/v1/relay/states", body, requestId, null);
    journal(submission, "state:" + action.wire(), null, null);
    return submission;
  }

  public Submission postState(StateAction action, io.vigil.core.channel.SignedState signed) {
    return postState(action, signed.state(), signed.signatureA(), signed.signatureB());
  }

  /**
   * The status of a request (by request id or transaction hash) from the first relay that knows it.
   * NOT_FOUND when none does; the last failure when none answered.
   */
  public RelayStatus status(String requestIdOrHash) {
    VigilClientException last = null;
    for (JsonHttp relay : relays) {
      try {
        RelayStatus status =
            RelayStatus.parse(
                relay.baseUrl(),
                relay.get("/v1/relay/transactions/" + encode(requestIdOrHash)).body());
        if (journal != null) {
          journal.updated(status, clock.instant());
        }
        return status;
      } catch (VigilClientException failed) {
        if (last == null || last.code() == ErrorCode.NOT_FOUND) {
          last = failed;
        }
      }
    }
    throw last;
  }

  /**
   * Follows a request until its status is final or {@code timeout} passes, polling every relay in
   * turn. Publishes a {@link TransactionFinal} when it becomes final. Outages of single polls are
   * waited out; only when no relay ever answered does it end with {@link RelayOutcome.Pending}
   * holding no status.
   */
  public RelayOutcome awaitFinal(String requestIdOrHash, Duration timeout) {
    Instant deadline = clock.instant().plus(timeout);
    RelayStatus last = null;
    while (true) {
      try {
        last = status(requestIdOrHash);
        if (last.isFinal() || last.status().isFinal()) {
          if (notifications != null) {
            notifications.publish(TransactionFinal.of(last, clock.instant()));
          }
          return RelayOutcome.of(last);
        }
      } catch (VigilClientException unanswered) {
        if (!unanswered.retryable() && unanswered.code() != ErrorCode.NOT_FOUND) {
          throw unanswered;
        }
      }
      if (!clock.instant().isBefore(deadline)) {
        return RelayOutcome.of(last);
      }
      try {
        Thread.sleep(pollInterval.toMillis());
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        return RelayOutcome.of(last);
      }
    }
  }

  private Submission toEveryRelay(String path, Object body, String requestId, String txHash) {
    List<RelayAnswer> answers = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<RelayAnswer>> futures = new ArrayList<>();
      for (JsonHttp relay : relays) {
        futures.add(pool.submit(() -> answer(relay, path, body)));
      }
      for (Future<RelayAnswer> future : futures) {
        answers.add(joined(future));
      }
    }
    List<RelayAnswer.NotAccepted> refused =
        answers.stream()
            .filter(RelayAnswer.NotAccepted.class::isInstance)
            .map(RelayAnswer.NotAccepted.class::cast)
            .toList();
    if (refused.size() == answers.size()) {
      throw noneAccepted(refused);
    }
    String id = requestId;
    String hash = txHash;
    for (RelayAnswer answer : answers) {
      if (answer instanceof RelayAnswer.Accepted accepted) {
        id = accepted.status().requestId();
        hash = hash == null ? accepted.status().txHash() : hash;
        break;
      }
    }
    return new Submission(id, hash, answers);
  }

  private static RelayAnswer answer(JsonHttp relay, String path, Object body) {
    try {
      JsonHttp.Response response = relay.post(path, body);
      return new RelayAnswer.Accepted(
          relay.baseUrl(),
          RelayStatus.parse(relay.baseUrl(), response.body()),
          response.status() == 200);
    } catch (VigilClientException failed) {
      return new RelayAnswer.NotAccepted(relay.baseUrl(), failed);
    }
  }

  private static RelayAnswer joined(Future<RelayAnswer> future) {
    try {
      return future.get();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw VigilClientException.of(ErrorCode.UNREACHABLE, "interrupted while submitting");
    } catch (ExecutionException bug) {
      throw new IllegalStateException(bug.getCause());
    }
  }

  /**
   * No relay accepted. A refusal (the relay looked and said no, e.g. a revert) says more than an
   * outage, so it leads; the detail lists every relay's answer.
   */
  private static VigilClientException noneAccepted(List<RelayAnswer.NotAccepted> refused) {
    VigilClientException lead =
        refused.stream()
            .map(RelayAnswer.NotAccepted::failure)
            .filter(failure -> !failure.retryable())
            .findFirst()
            .orElse(refused.get(0).failure());
    String detail =
        "no relay accepted: "
            + String.join(
                "; ",
                refused.stream().map(r -> r.relay() + ": " + r.failure().getMessage()).toList());
    return new VigilClientException(
        lead.code(),
        lead.server().orElse(null),
        lead.status(),
        lead.problemType().orElse(null),
        lead.field().orElse(null),
        lead.retryAfterSeconds().orElse(null),
        detail,
        lead);
  }

  private void journal(Submission submission, String kind, String sender, Long nonce) {
    if (journal == null) {
      return;
    }
    List<String> accepted =
        submission.accepted().stream().map(RelayAnswer.Accepted::relay).toList();
    String status =
        submission.firstStatus().map(s -> s.status().name()).orElse(RelayTxStatus.PENDING.name());
    journal.submitted(
        submission.requestId(),
        submission.txHash(),
        kind,
        sender,
        nonce,
        accepted,
        status,
        clock.instant());
  }

  private static String encode(String id) {
    return java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20");
  }
}
