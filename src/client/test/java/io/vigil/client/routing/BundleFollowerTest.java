package io.vigil.client.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.client.http.JsonHttp;
import io.vigil.core.protocol.Bundle;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.ECKeyPair;

/** Following a server's bundles: resuming, and what a misbehaving or restarted server shows. */
class BundleFollowerTest {

  @TempDir Path home;

  private FakeRouter server;
  private RoutingCursorStore store;

  @BeforeEach
  void start() throws Exception {
    server = new FakeRouter("0d");
    store = new RoutingCursorStore(home.resolve("client.db"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private BundleFollower follower() {
    return new BundleFollower(new JsonHttp(server.url()), server.address, store, Clock.systemUTC());
  }

  private static List<Long> seqs(FollowReport report) {
    return report.bundles().stream().map(Bundle::seq).toList();
  }

  @Test
  void shouldReadNewBundlesOnceAndResumeFromTheStoredCursorAfterARestart() {
    server.add(1, "10");
    server.add(2, "11");

    FollowReport first = follower().follow();
    server.add(3, "12");
    // a new store and follower over the same file: the cursor survived
    store = new RoutingCursorStore(home.resolve("client.db"));
    FollowReport second = follower().follow();

    assertThat(seqs(first)).containsExactly(1L, 2L);
    assertThat(first.events()).isEmpty();
    assertThat(seqs(second)).containsExactly(3L);
    assertThat(second.lastSeq()).isEqualTo(3);
    assertThat(store.cursor(server.url()).get().lastSeq()).isEqualTo(3);
  }

  @Test
  void shouldReportAGapAndNotMovePastIt() {
    server.add(1, "10");
    server.add(2, "11");
    server.add(4, "13");

    FollowReport report = follower().follow();

    assertThat(seqs(report)).containsExactly(1L, 2L);
    assertThat(report.events())
        .singleElement()
        .isInstanceOfSatisfying(
            FollowEvent.GapDetected.class,
            gap -> {
              assertThat(gap.from()).isEqualTo(3);
              assertThat(gap.to()).isEqualTo(3);
            });
    assertThat(report.lastSeq()).isEqualTo(2);
    assertThat(report.misbehaving()).isFalse();

    // the missing bundle turns up: the next follow reads it and the one after
    server.add(3, "12");
    assertThat(seqs(follower().follow())).containsExactly(3L, 4L);
  }

  @Test
  void shouldResetTheCursorAndReadTheNewTableWhenTheTableIdChanges() {
    server.add(1, "10");
    server.add(2, "11");
    follower().follow();
    // the server lost its history: a new table numbered from 1 again
    server.bundles.clear();
    server.tableId = "22222222-2222-2222-2222-222222222222";
    server.add(1, "20");

    FollowReport report = follower().follow();

    assertThat(report.events())
        .singleElement()
        .isInstanceOfSatisfying(
            FollowEvent.TableChanged.class,
            changed -> {
              assertThat(changed.previousTableId())
                  .isEqualTo("11111111-1111-1111-1111-111111111111");
              assertThat(changed.tableId()).isEqualTo(server.tableId);
            });
    assertThat(report.bundles())
        .singleElement()
        .extracting(Bundle::tableId)
        .isEqualTo(server.tableId);
    assertThat(report.lastSeq()).isEqualTo(1);
    assertThat(report.tableId()).isEqualTo(server.tableId);
  }

  @Test
  void shouldDetectAnOldBundlePresentedAsNewAndASeqReplayedWithOtherContent() {
    server.add(1, "10");
    Bundle second = server.add(2, "11");
    follower().follow();
    server.add(3, "12");
    // the server slips an old bundle into the next page, ahead of the new one
    server.served =
        page -> {
          List<Bundle> replayed = new ArrayList<>(page);
          replayed.addFirst(second);
          return replayed;
        };

    FollowReport replay = follower().follow();

    assertThat(seqs(replay)).containsExactly(3L);
    assertThat(replay.events())
        .singleElement()
        .isInstanceOfSatisfying(
            FollowEvent.ReplayDetected.class,
            event -> {
              assertThat(event.seq()).isEqualTo(2);
              assertThat(event.conflicting()).isFalse();
            });
    assertThat(replay.misbehaving()).isTrue();

    // re-reading from 2, the server now signs other content for seq 2 (equivocation)
    server.served = page -> page;
    server.add(2, "999");
    FollowReport conflicting = follower().follow(OptionalLong.of(2));

    assertThat(conflicting.bundles()).isEmpty();
    assertThat(conflicting.events())
        .singleElement()
        .isInstanceOfSatisfying(
            FollowEvent.ReplayDetected.class,
            event -> {
              assertThat(event.seq()).isEqualTo(2);
              assertThat(event.conflicting()).isTrue();
            });
    assertThat(conflicting.lastSeq()).isEqualTo(3);
  }

  @Test
  void shouldRefuseABundleSignedByAnotherKeyAndKeepTheCursor() {
    server.add(1, "10");
    follower().follow();
    ECKeyPair forger = ECKeyPair.create(java.math.BigInteger.valueOf(0xf1f1f1L));
    server.add(2, "1", forger);

    FollowReport report = follower().follow();

    assertThat(report.bundles()).isEmpty();
    assertThat(report.events())
        .singleElement()
        .isInstanceOfSatisfying(
            FollowEvent.ForgedBundle.class,
            forged -> {
              assertThat(forged.seq()).isEqualTo(2);
              assertThat(forged.reason()).isEqualTo("wrong-signature");
              assertThat(forged.signer()).isNotEqualTo(server.address);
            });
    assertThat(report.lastSeq()).isEqualTo(1);
    assertThat(store.cursor(server.url()).get().lastSeq()).isEqualTo(1);
  }

  @Test
  void shouldContinueFromTheFirstStoredSeqWhenTheRangeWasTrimmed() {
    for (long seq = 1; seq <= 5; seq++) {
      server.add(seq, "1" + seq);
    }
    server.bundles.headMap(4L).clear();
    server.firstSeq = 4;

    FollowReport report = follower().follow();

    assertThat(report.events())
        .singleElement()
        .isInstanceOfSatisfying(
            FollowEvent.BundlesTrimmed.class,
            trimmed -> {
              assertThat(trimmed.from()).isEqualTo(1);
              assertThat(trimmed.to()).isEqualTo(3);
            });
    assertThat(seqs(report)).containsExactly(4L, 5L);
  }
}
