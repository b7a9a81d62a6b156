package io.vigil.client.routing;

import io.vigil.client.ErrorCode;
import io.vigil.client.VigilClientException;
import io.vigil.client.http.JsonHttp;
import io.vigil.client.routing.RoutingCursorStore.Cursor;
import io.vigil.core.protocol.Bundle;
import io.vigil.core.protocol.BundleSignatures;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * In charge of following one routing server's numbered bundles ({@code GET
 * /messageBundles/{start}/{end}}) from a durable cursor: every bundle is verified against the
 * server's pinned node address before it counts, bundles are taken only in seq order, and gaps,
 * trimming (410), table-id changes, replays and forged bundles are reported as {@link
 * FollowEvent}s.
 *
 * <p>Invariant: the cursor only moves over bundles that were verified and read in order, and it is
 * saved with their digests in one transaction after each page; a page with a forged bundle or a
 * conflicting replay moves it no further than the bundle before.
 */
public final class BundleFollower {

  /** Most bundles one request asks for (the server's default {@code bundle-range-cap}). */
  public static final int RANGE_CAP = 100;

  /** Most pages one {@link #follow} reads, so one call stays bounded. */
  public static final int MAX_PAGES = 10;

  private final JsonHttp http;
  private final String server;
  private final String node;
  private final RoutingCursorStore store;
  private final Clock clock;

  /**
   * @param node the server's node address, pinned: bundles signed by any other key are refused
   */
  public BundleFollower(JsonHttp http, String node, RoutingCursorStore store, Clock clock) {
    this.http = http;
    this.server = http.baseUrl();
    this.node = RoutingServer.checkedAddress(node);
    this.store = store;
    this.clock = clock;
  }

  /**
   * A follower for {@code server}: its node address is the one the user pinned, else the one pinned
   * on the stored cursor, else the one the server names publicly (trust on first use).
   */
  public static BundleFollower open(
      RoutingServer server,
      RoutingCursorStore store,
      RoutingClient client,
      JsonHttp.Limits limits,
      Clock clock) {
    JsonHttp http = new JsonHttp(server.url(), limits);
    String node =
        server
            .address()
            .or(() -> store.cursor(http.baseUrl()).map(Cursor::node))
            .orElseGet(() -> client.serverAddress(server.url()));
    return new BundleFollower(http, node, store, clock);
  }

  public String node() {
    return node;
  }

  /** Reads what is new since the stored cursor. */
  public FollowReport follow() {
    return follow(OptionalLong.empty());
  }

  /**
   * Reads from {@code from} (inclusive) when given, else after the stored cursor, up to {@link
   * #MAX_PAGES} pages. Bundles already read are not reported again, but are compared with what was
   * read before.
   */
  public FollowReport follow(OptionalLong from) {
    Cursor cursor =
        store
            .cursor(server)
            .filter(stored -> stored.node().equals(node))
            .orElse(Cursor.fresh(server, node));
    long last = from.isPresent() ? Math.max(0, from.getAsLong() - 1) : cursor.lastSeq();
    List<Bundle> fresh = new ArrayList<>();
    List<FollowEvent> events = new ArrayList<>();
    long serverLast = cursor.lastSeq();
    int range = RANGE_CAP;
    for (int page = 0; page < MAX_PAGES; page++) {
      long start = last + 1;
      long end = start + range - 1;
      BundlePages.Page answer;
      try {
        answer = BundlePages.fetch(http, start, end);
      } catch (VigilClientException failure) {
        if (failure.status() == 410) {
          BundlePages.Page head = BundlePages.head(http);
          if (cursor.tableId() != null && !head.tableId().equals(cursor.tableId())) {
            events.add(tableChanged(cursor, head.tableId()));
            cursor = new Cursor(server, node, head.tableId(), 0);
            last = 0;
          } else {
            events.add(
                new FollowEvent.BundlesTrimmed(
                    server, start, head.firstSeq() - 1, clock.instant()));
            last = head.firstSeq() - 1;
            cursor = new Cursor(server, node, head.tableId(), Math.max(cursor.lastSeq(), last));
          }
          store.save(cursor, Map.of());
          continue;
        }
        if (failure.code() == ErrorCode.BAD_RESPONSE
            && BundlePages.tooLarge(failure)
            && range > 1) {
          range = range / 2;
          continue;
        }
        throw failure;
      }
      range = Math.min(RANGE_CAP, range * 2);
      serverLast = answer.lastSeq();
      if (!answer.node().equals(node)) {
        events.add(
            new FollowEvent.ForgedBundle(
                server, start, "wrong-node", answer.node(), clock.instant()));
        break;
      }
      if (cursor.tableId() != null && !answer.tableId().equals(cursor.tableId())) {
        events.add(tableChanged(cursor, answer.tableId()));
        cursor = new Cursor(server, node, answer.tableId(), 0);
        store.save(cursor, Map.of());
        last = 0;
        continue;
      }
      Map<Long, String> digests = new LinkedHashMap<>();
      boolean stop = false;
      for (Bundle bundle : answer.bundles()) {
        Optional<FollowEvent> refused = forgery(bundle, answer.tableId());
        if (refused.isPresent()) {
          events.add(refused.get());
          stop = true;
          break;
        }
        String digest = digest(bundle);
        Optional<String> seen =
            Optional.ofNullable(digests.get(bundle.seq()))
                .or(() -> store.seen(server, answer.tableId(), bundle.seq()));
        boolean conflicting = seen.isPresent() && !seen.get().equals(digest);
        if (bundle.seq() <= last || conflicting) {
          // an old seq presented as new, or a seq read before with other content
          events.add(
              new FollowEvent.ReplayDetected(
                  server, answer.tableId(), bundle.seq(), conflicting, clock.instant()));
          if (conflicting) {
            stop = true;
            break;
          }
          continue;
        }
        if (bundle.seq() > last + 1) {
          events.add(
              new FollowEvent.GapDetected(server, last + 1, bundle.seq() - 1, clock.instant()));
          stop = true;
          break;
        }
        if (bundle.seq() > cursor.lastSeq()) {
          fresh.add(bundle);
        }
        digests.put(bundle.seq(), digest);
        last = bundle.seq();
      }
      long expected = Math.min(end, answer.lastSeq());
      if (!stop && last < expected) {
        events.add(new FollowEvent.GapDetected(server, last + 1, expected, clock.instant()));
        stop = true;
      }
      cursor = new Cursor(server, node, answer.tableId(), Math.max(cursor.lastSeq(), last));
      store.save(cursor, digests);
      if (stop || last >= answer.lastSeq()) {
        break;
      }
    }
    return new FollowReport(
        server, node, cursor.tableId(), cursor.lastSeq(), serverLast, fresh, events);
  }

  private FollowEvent tableChanged(Cursor cursor, String tableId) {
    return new FollowEvent.TableChanged(server, cursor.tableId(), tableId, clock.instant());
  }

  /** Why the bundle cannot have come from the pinned node for this page, if it cannot. */
  private Optional<FollowEvent> forgery(Bundle bundle, String tableId) {
    String reason = null;
    String signer = BundleSignatures.signer(bundle).orElse(null);
    if (!node.equals(bundle.node())) {
      reason = "wrong-node";
    } else if (!tableId.equals(bundle.tableId())) {
      reason = "wrong-table";
    } else if (signer == null) {
      reason = "unsigned";
    } else if (!signer.equals(node)) {
      reason = "wrong-signature";
    }
    return reason == null
        ? Optional.empty()
        : Optional.of(
            new FollowEvent.ForgedBundle(server, bundle.seq(), reason, signer, clock.instant()));
  }

  /** SHA-256 of the bundle's signed text: equal for equal content, whatever the signature. */
  static String digest(Bundle bundle) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(BundleSignatures.payload(bundle)));
    } catch (NoSuchAlgorithmException missing) {
      throw new IllegalStateException("every Java runtime has SHA-256", missing);
    }
  }
}
