package io.vigil.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.core.channel.ChannelId;
import io.vigil.testsupport.contract.ChannelHub;
import io.vigil.watcher.Delegating;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.web3j.abi.datatypes.Event;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

/**
 * What must hold in a {@link FaultWorld} after any fault, checked from the chain, the database and
 * the Kafka topics, never from what the processes say about themselves:
 *
 * <ol>
 *   <li><b>Held delegations.</b> For every channel, the watcher holds a state at least as new as
 *       the newest one it acknowledged (2xx), and no newer than the newest one sent; or it has
 *       settled the channel with such a state.
 *   <li><b>Disputes.</b> Every close on the hub whose nonce is below what the watcher acknowledged
 *       was disputed exactly once (one {@code Disputed} log), with the newest state delegated, the
 *       bounty to Vigil's hunter, in a block whose timestamp is at most the close's deadline.
 *   <li><b>Relay nonces.</b> For each account the relay sends from, the nonces of its transactions
 *       are exactly the first nonce of the run onwards, without gap or repeat; each is confirmed,
 *       on the chain at that nonce from that account, and the account's transaction count on the
 *       chain is just past the last (nothing sent outside the relay's books). No call (target,
 *       data, value) was sent twice under two requests, and every post the relay accepted has its
 *       row.
 *   <li><b>Kafka records.</b> At-least-once delivery may put a record on a topic twice (a producer
 *       retrying across an outage, a follower republishing a block after a kill); what must hold is
 *       that each distinct record is applied once. So: every hub log on the chain is on the
 *       channel-events topic; every distinct event id on the topic is in the watcher's inbox (the
 *       row is written in the transaction that applies the event, so present means applied, and the
 *       primary key means at most once); every ChannelOpened is one watcher_channel row and nothing
 *       else is, every CloseStarted's nonce and every Disputed's nonce is what the watcher
 *       recorded; every transaction request the watcher wrote is published, on the tx-requests
 *       topic, and a relay_tx row whose status the watcher also holds (the outcome came back); no
 *       channel has two dispute requests that were both confirmed; and the dead-letter topics are
 *       empty.
 * </ol>
 *
 * Each check returns its violations as sentences; {@link #check()} fails with all of them.
 */
final class Invariants {

  /** The figures of one check, for the scenario's report. */
  record Figures(
      long channels,
      long delegationsAcknowledged,
      long staleCloses,
      long disputes,
      long relaySends,
      long postsAccepted,
      long channelEvents,
      long channelEventsRedelivered,
      long txRequests,
      long lost) {

    String line() {
      return String.format(
          "channels %d; delegations acknowledged %d; stale closes %d, disputed %d; relay sends"
              + " %d (posts accepted %d); channel events %d (redelivered %d); tx requests %d;"
              + " lost or applied twice %d",
          channels,
          delegationsAcknowledged,
          staleCloses,
          disputes,
          relaySends,
          postsAccepted,
          channelEvents,
          channelEventsRedelivered,
          txRequests,
          lost);
    }
  }

  private static final List<Event> HUB_EVENTS =
      List.of(
          ChannelHub.CHANNELOPENED_EVENT, ChannelHub.CLOSESTARTED_EVENT, ChannelHub.DISPUTED_EVENT);
  private static final Map<Event, String> EVENT_TYPES =
      Map.of(
          ChannelHub.CHANNELOPENED_EVENT,
          "ChannelOpened",
          ChannelHub.CLOSESTARTED_EVENT,
          "CloseStarted",
          ChannelHub.DISPUTED_EVENT,
          "Disputed");

  private final FaultWorld world;
  private final OutageLog delegations;
  private final List<ChannelId> delegated;
  private final CheckpointLoad posts;
  private long staleCloses;
  private long disputes;
  private long relaySends;
  private long channelEvents;
  private long redelivered;
  private long txRequests;

  Invariants(
      FaultWorld world, OutageLog delegations, List<ChannelId> delegated, CheckpointLoad posts) {
    this.world = world;
    this.delegations = delegations;
    this.delegated = delegated;
    this.posts = posts;
  }

  /**
   * How long {@link #awaitSettled} waits at most; {@code -Dvigil.reliability.settle-seconds}
   * changes it.
   */
  static final Duration SETTLE =
      Duration.ofSeconds(Long.getLong("vigil.reliability.settle-seconds", 120));

  /**
   * Waits until the world has caught up after the faults: the follower's cursor at the head, every
   * relayed transaction done, every request of the watcher answered and every stale close disputed.
   * Does not judge: when the world does not settle in time it says what it still lacks and returns,
   * and {@link #check()} reports what is wrong.
   */
  void awaitSettled() {
    long deadline = System.nanoTime() + SETTLE.toNanos();
    String lacking;
    do {
      world.anvil.mine(1);
      lacking = lacking();
      if (lacking.isEmpty()) {
        return;
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    } while (System.nanoTime() < deadline);
    System.out.println("the world did not settle within " + SETTLE + ": " + lacking);
  }

  private String lacking() {
    List<String> lacking = new ArrayList<>();
    long head = world.blockNumber();
    long cursor = world.count("select coalesce(max(number), -1) from chain_cursor");
    if (cursor < head - 1) {
      lacking.add("cursor at " + cursor + ", head " + head);
    }
    long open = world.count("select count(*) from relay_tx where not done");
    if (open != 0) {
      lacking.add(open + " relayed transactions not done");
    }
    long unanswered =
        world.count(
            "select count(*) from watcher_request where status not in ('CONFIRMED', 'FAILED')"
                + " or not published");
    if (unanswered != 0) {
      lacking.add(unanswered + " watcher requests unanswered");
    }
    long undisputed = staleClosesUndisputed();
    if (undisputed != 0) {
      lacking.add(undisputed + " stale closes not disputed");
    }
    return String.join("; ", lacking);
  }

  private long staleClosesUndisputed() {
    long undisputed = 0;
    for (Log log : world.hub.logs(ChannelHub.CLOSESTARTED_EVENT, null)) {
      var close = ChannelHub.getCloseStartedEventFromLog(log);
      ChannelId id = ChannelId.of(close.channelId);
      if (delegations.highestAcknowledged(id) > close.nonce.longValueExact()
          && world.hub.logs(ChannelHub.DISPUTED_EVENT, id).isEmpty()) {
        undisputed++;
      }
    }
    return undisputed;
  }

  /** Runs every check; fails with every violation found. */
  Figures check() {
    List<String> violations = new ArrayList<>();
    violations.addAll(heldDelegations());
    violations.addAll(disputes());
    violations.addAll(relayNonces());
    violations.addAll(kafkaRecords());
    Figures figures =
        new Figures(
            delegated.size()
                + posts.posts().stream().map(CheckpointLoad.Post::channel).distinct().count(),
            delegations.answers().stream().filter(OutageLog.Answer::acknowledged).count(),
            staleCloses,
            disputes,
            relaySends,
            posts.accepted(),
            channelEvents,
            redelivered,
            txRequests,
            violations.size());
    if (!violations.isEmpty()) {
      throw new AssertionError(
          violations.size() + " invariant violation(s):\n  " + String.join("\n  ", violations));
    }
    return figures;
  }

  // -- (a) -------------------------------------------------------------------------------------

  List<String> heldDelegations() {
    List<String> violations = new ArrayList<>();
    for (ChannelId channel : delegated) {
      long acknowledged = delegations.highestAcknowledged(channel);
      long sent = delegations.highestSent(channel);
      if (acknowledged == 0) {
        continue;
      }
      List<Map<String, Object>> held =
          world.rows("select nonce from watcher_state where channel_id = ?", channel.toBytes());
      if (!held.isEmpty()) {
        long nonce = ((Number) held.get(0).get("nonce")).longValue();
        if (nonce < acknowledged || nonce > sent) {
          violations.add(
              "(a) held delegation: "
                  + channel.hex()
                  + " holds nonce "
                  + nonce
                  + ", but nonce "
                  + acknowledged
                  + " was acknowledged (highest sent "
                  + sent
                  + ")");
        }
        continue;
      }
      List<Map<String, Object>> settled =
          world.rows(
              "select held_nonce from watcher_outcome where channel_id = ? and settled",
              channel.toBytes());
      Object heldNonce = settled.isEmpty() ? null : settled.get(0).get("held_nonce");
      if (heldNonce == null || ((Number) heldNonce).longValue() < acknowledged) {
        violations.add(
            "(a) held delegation: "
                + channel.hex()
                + " acknowledged up to nonce "
                + acknowledged
                + " but the watcher holds nothing and settled nothing with it");
      }
    }
    return violations;
  }

  // -- (b) -------------------------------------------------------------------------------------

  List<String> disputes() {
    List<String> violations = new ArrayList<>();
    staleCloses = 0;
    disputes = 0;
    for (Log log : world.hub.logs(ChannelHub.CLOSESTARTED_EVENT, null)) {
      var close = ChannelHub.getCloseStartedEventFromLog(log);
      ChannelId id = ChannelId.of(close.channelId);
      long acknowledged = delegations.highestAcknowledged(id);
      long closeNonce = close.nonce.longValueExact();
      if (acknowledged <= closeNonce) {
        continue;
      }
      staleCloses++;
      List<Log> found = world.hub.logs(ChannelHub.DISPUTED_EVENT, id);
      disputes += found.size();
      if (found.size() != 1) {
        violations.add(
            "(b) dispute: the stale close of "
                + id.hex()
                + " at nonce "
                + closeNonce
                + " (acknowledged "
                + acknowledged
                + ") has "
                + found.size()
                + " Disputed events, not exactly one");
        continue;
      }
      var disputed = ChannelHub.getDisputedEventFromLog(found.get(0));
      long nonce = disputed.nonce.longValueExact();
      if (nonce < acknowledged || nonce > delegations.highestSent(id)) {
        violations.add(
            "(b) dispute: "
                + id.hex()
                + " was disputed with nonce "
                + nonce
                + ", not the newest delegated ("
                + acknowledged
                + ")");
      }
      if (!disputed.bountyTo.equalsIgnoreCase(Delegating.HUNTER)) {
        violations.add("(b) dispute: the bounty of " + id.hex() + " went to " + disputed.bountyTo);
      }
      long block = found.get(0).getBlockNumber().longValueExact();
      long deadline = close.deadline.longValueExact();
      long time = world.blockTime(block);
      if (time > deadline) {
        violations.add(
            "(b) dispute: "
                + id.hex()
                + " was disputed at "
                + time
                + ", after the close's deadline "
                + deadline);
      }
    }
    return violations;
  }

  // -- (c) -------------------------------------------------------------------------------------

  List<String> relayNonces() {
    List<String> violations = new ArrayList<>();
    List<Map<String, Object>> rows =
        world.rows(
            "select request_id, sender, nonce, status, done, tx_hash, target, data, value"
                + " from relay_tx where kind = 'OWN' order by sender, nonce");
    relaySends = rows.size();
    Map<String, List<Map<String, Object>>> bySender = new TreeMap<>();
    Map<String, List<String>> byCall = new HashMap<>();
    for (Map<String, Object> row : rows) {
      String id = (String) row.get("request_id");
      if (row.get("nonce") == null) {
        violations.add("(c) relay: request " + id + " was never given a nonce");
        continue;
      }
      bySender
          .computeIfAbsent(((String) row.get("sender")).toLowerCase(), s -> new ArrayList<>())
          .add(row);
      byCall
          .computeIfAbsent(
              row.get("target") + "/" + row.get("data") + "/" + row.get("value"),
              c -> new ArrayList<>())
          .add(id);
      if (!"CONFIRMED".equals(row.get("status")) || !Boolean.TRUE.equals(row.get("done"))) {
        violations.add(
            "(c) relay: request " + id + " ended " + row.get("status") + ", not CONFIRMED");
      }
    }
    byCall.values().stream()
        .filter(ids -> ids.size() > 1)
        .forEach(ids -> violations.add("(c) relay: one call sent under several requests " + ids));
    for (var entry : bySender.entrySet()) {
      String sender = entry.getKey();
      long first = world.firstNonce(sender);
      List<Long> nonces = new ArrayList<>();
      for (Map<String, Object> row : entry.getValue()) {
        long nonce = ((Number) row.get("nonce")).longValue();
        nonces.add(nonce);
        JsonNode tx = world.transaction((String) row.get("tx_hash"));
        if (tx == null
            || tx.get("blockNumber").isNull()
            || Long.decode(tx.get("nonce").asText()) != nonce
            || !tx.get("from").asText().equalsIgnoreCase(sender)) {
          violations.add(
              "(c) relay: request "
                  + row.get("request_id")
                  + " at nonce "
                  + nonce
                  + " is not mined as "
                  + row.get("tx_hash")
                  + " from "
                  + sender
                  + " at that nonce");
        }
      }
      List<Long> expected = new ArrayList<>();
      for (long n = first; n < first + nonces.size(); n++) {
        expected.add(n);
      }
      if (!nonces.equals(expected)) {
        violations.add(
            "(c) relay: the nonces of "
                + sender
                + " have a gap or a duplicate: "
                + gapsAndDuplicates(nonces, first));
      }
      long count = world.transactionCount(sender);
      if (count != first + nonces.size()) {
        violations.add(
            "(c) relay: "
                + sender
                + " has sent "
                + (count - first)
                + " transactions on the chain, the relay recorded "
                + nonces.size());
      }
    }
    Set<Object> stored = new HashSet<>();
    world.rows("select request_id from relay_tx").forEach(r -> stored.add(r.get("request_id")));
    posts.posts().stream()
        .filter(CheckpointLoad.Post::accepted)
        .map(CheckpointLoad.Post::requestId)
        .distinct()
        .filter(id -> !stored.contains(id))
        .forEach(id -> violations.add("(c) relay: accepted post " + id + " has no relay_tx row"));
    return violations;
  }

  private static String gapsAndDuplicates(List<Long> nonces, long first) {
    List<String> found = new ArrayList<>();
    Set<Long> seen = new HashSet<>();
    for (Long nonce : nonces) {
      if (!seen.add(nonce)) {
        found.add("duplicate " + nonce);
      }
    }
    long last = nonces.stream().mapToLong(Long::longValue).max().orElse(first - 1);
    for (long n = first; n <= last; n++) {
      if (!seen.contains(n)) {
        found.add("gap at " + n);
      }
    }
    return found.isEmpty() ? "starts at " + nonces.get(0) + ", not " + first : found.toString();
  }

  // -- (d) -------------------------------------------------------------------------------------

  List<String> kafkaRecords() {
    List<String> violations = new ArrayList<>();
    List<JsonNode> events = world.records(FaultWorld.CHANNEL_EVENTS);
    channelEvents = events.size();
    Map<String, JsonNode> distinct = new HashMap<>();
    for (JsonNode event : events) {
      if (event.path("retracted").asBoolean(false)) {
        violations.add("(d) kafka: a retraction was published without a reorg: " + event);
        continue;
      }
      distinct.putIfAbsent(event.get("eventId").asText(), event);
    }
    redelivered = events.size() - distinct.size();

    // Every hub log of the kinds the watcher acts on reached the topic.
    for (Event kind : HUB_EVENTS) {
      long onChain = world.hub.logs(kind, null).size();
      long onTopic =
          distinct.values().stream()
              .filter(e -> e.get("type").asText().equals(EVENT_TYPES.get(kind)))
              .count();
      if (onChain != onTopic) {
        violations.add(
            "(d) kafka: "
                + onChain
                + " "
                + EVENT_TYPES.get(kind)
                + " logs on the chain, "
                + onTopic
                + " on "
                + FaultWorld.CHANNEL_EVENTS);
      }
    }

    // Every distinct event applied by the watcher: its inbox row is written with the effects.
    Set<Object> inbox = new HashSet<>();
    world
        .rows("select event_id from inbox where consumer = 'watcher'")
        .forEach(r -> inbox.add(r.get("event_id")));
    for (JsonNode event : distinct.values()) {
      if (!inbox.contains(event.get("eventId").asText())) {
        violations.add(
            "(d) kafka: "
                + event.get("type").asText()
                + " "
                + event.get("eventId").asText()
                + " of "
                + event.path("channelId").asText()
                + " is on the topic but not in the watcher's inbox (never applied)");
      }
    }
    if (inbox.size() != distinct.size()) {
      violations.add(
          "(d) kafka: the watcher's inbox has "
              + inbox.size()
              + " events, the topic "
              + distinct.size()
              + " distinct ones");
    }

    // The effects: watcher_channel mirrors the opens, closes and disputes on the topic.
    Map<String, Map<String, Object>> channels = new HashMap<>();
    for (Map<String, Object> row :
        world.rows("select channel_id, close_nonce, disputed_nonce from watcher_channel")) {
      channels.put(Numeric.toHexString((byte[]) row.get("channel_id")).toLowerCase(), row);
    }
    Set<String> opened = new HashSet<>();
    for (JsonNode event : distinct.values()) {
      String channel = event.path("channelId").asText().toLowerCase();
      String type = event.get("type").asText();
      Map<String, Object> row = channels.get(channel);
      if (type.equals("ChannelOpened")) {
        opened.add(channel);
        if (row == null) {
          violations.add("(d) kafka: the open of " + channel + " left no watcher_channel row");
        }
      } else if (type.equals("CloseStarted") || type.equals("Disputed")) {
        String column = type.equals("CloseStarted") ? "close_nonce" : "disputed_nonce";
        long nonce = event.get("fields").get("nonce").asLong();
        Object recorded = row == null ? null : row.get(column);
        if (recorded == null || ((Number) recorded).longValue() < nonce) {
          violations.add(
              "(d) kafka: "
                  + type
                  + " of "
                  + channel
                  + " at nonce "
                  + nonce
                  + " is not in watcher_channel."
                  + column
                  + " ("
                  + recorded
                  + ")");
        }
      }
    }
    if (!opened.equals(channels.keySet())) {
      violations.add(
          "(d) kafka: watcher_channel has "
              + channels.size()
              + " channels, the topic opened "
              + opened.size());
    }

    // Requests: written, published, on the topic, taken by the relay, outcome back.
    List<JsonNode> requests = world.records(FaultWorld.TX_REQUESTS);
    Set<String> onTopic = new HashSet<>();
    requests.forEach(r -> onTopic.add(r.get("requestId").asText()));
    txRequests = onTopic.size();
    Map<Object, Object> relayStatus = new HashMap<>();
    world
        .rows("select request_id, status from relay_tx")
        .forEach(r -> relayStatus.put(r.get("request_id"), r.get("status")));
    for (Map<String, Object> request :
        world.rows("select request_id, published, status from watcher_request")) {
      Object id = request.get("request_id");
      if (!Boolean.TRUE.equals(request.get("published")) || !onTopic.contains(id)) {
        violations.add("(d) kafka: watcher request " + id + " is not on " + FaultWorld.TX_REQUESTS);
      }
      if (!relayStatus.containsKey(id)) {
        violations.add("(d) kafka: watcher request " + id + " never reached the relay");
      } else if (!relayStatus.get(id).equals(request.get("status"))) {
        violations.add(
            "(d) kafka: watcher request "
                + id
                + " is "
                + request.get("status")
                + " for the watcher, "
                + relayStatus.get(id)
                + " for the relay (outcome lost)");
      }
    }
    for (String id : onTopic) {
      if (!relayStatus.containsKey(id)) {
        violations.add("(d) kafka: request " + id + " on the topic has no relay_tx row");
      }
    }
    for (Map<String, Object> twice :
        world.rows(
            "select channel_id, count(*) as n from watcher_request where purpose = 'DISPUTE'"
                + " and status = 'CONFIRMED' group by channel_id having count(*) > 1")) {
      violations.add(
          "(d) kafka: "
              + Numeric.toHexString((byte[]) twice.get("channel_id"))
              + " has "
              + twice.get("n")
              + " confirmed dispute requests");
    }
    for (String topic :
        List.of(
            FaultWorld.CHANNEL_EVENTS + ".dlq",
            FaultWorld.TX_REQUESTS + ".dlq",
            FaultWorld.TX_OUTCOMES + ".dlq")) {
      int dead = world.records(topic).size();
      if (dead > 0) {
        violations.add("(d) kafka: " + dead + " records on the dead-letter topic " + topic);
      }
    }
    return violations;
  }
}
