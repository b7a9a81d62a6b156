package io.vigil.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.channel.SignedState;
import io.vigil.reliability.FaultWorld.Delegated;
import io.vigil.reliability.FaultWorld.Member;
import io.vigil.testsupport.Await;
import io.vigil.testsupport.HubFixture;
import io.vigil.testsupport.contract.ChannelHub;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Kafka broker stopped between a stale close and its dispute, under a mixed load of delegations
 * and relayed state posts: the close is mined with the broker already down, so neither the close's
 * event nor the dispute request can travel until it is back. Afterwards the dispute lands once,
 * before the deadline, and every {@link Invariants invariant} holds.
 */
class KafkaOutageIT {

  /**
   * How long the broker stays down; {@code -Dvigil.reliability.kafka-outage-seconds} changes it.
   */
  static final Duration OUTAGE =
      Duration.ofSeconds(Long.getLong("vigil.reliability.kafka-outage-seconds", 30));

  @Test
  void shouldDisputeOnceBeforeTheDeadlineAndLoseNothingWhenKafkaStopsAfterAStaleClose()
      throws Exception {
    long began = System.nanoTime();
    try (FaultWorld world = new FaultWorld("kafka-outage")) {
      List<Delegated> busy = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        busy.add(world.delegatedChannel(400));
      }
      Delegated stale = world.delegatedChannel(10);
      List<CheckpointLoad.Lane> posted =
          List.of(world.postedChannel(150), world.postedChannel(150));
      Member watcher = world.member("kafka-watcher", "chain,watcher");
      Member relay = world.member("kafka-relay", "relay");
      watcher.awaitReady();
      relay.awaitReady();
      Await.until(
          "the watcher to learn the channels",
          Duration.ofSeconds(60),
          () -> world.count("select count(*) from watcher_channel") == 6);

      List<Delegated> delegated = new ArrayList<>(busy);
      delegated.add(stale);
      OutageLog log = new OutageLog();
      DelegationLoad delegations =
          new DelegationLoad(
              watcher::baseUrl,
              delegated.stream().map(Delegated::lane).toList(),
              log,
              Duration.ofMillis(100));
      CheckpointLoad checkpoints =
          new CheckpointLoad(relay::baseUrl, posted, Duration.ofMillis(500));
      int disputesDuringOutage;
      long deadline;
      long closeBlock;
      try {
        delegations.start();
        checkpoints.start();
        Await.until(
            "every state of the stale channel to be acknowledged",
            Duration.ofSeconds(60),
            () -> log.highestAcknowledged(stale.id()) == stale.states().size());
        Thread.sleep(3_000); // a steady load before the outage

        // The stale close goes to the pool, the broker stops, then the close is mined.
        SignedState old = stale.states().get(1);
        String closer = HubFixture.address(FaultWorld.KEY_A);
        world.anvil.setAutomine(false);
        try {
          long before = pendingCount(world, closer, "latest");
          world
              .hub
              .as(FaultWorld.KEY_A)
              .close(
                  HubFixture.toContract(old.state()),
                  old.signatureA().toBytes(),
                  old.signatureB().toBytes())
              .sendAsync();
          Await.until(
              "the stale close to reach the pool",
              Duration.ofSeconds(30),
              () -> pendingCount(world, closer, "pending") > before);
          log.stopping();
          world.stopKafka();
          log.stopped();
          world.anvil.mine(1);
        } finally {
          world.anvil.setAutomine(true);
        }
        var close =
            ChannelHub.getCloseStartedEventFromLog(
                Await.value(
                    "the stale close to be mined",
                    Duration.ofSeconds(30),
                    () -> {
                      var logs = world.hub.logs(ChannelHub.CLOSESTARTED_EVENT, stale.id());
                      return logs.isEmpty() ? null : logs.get(0);
                    }));
        deadline = close.deadline.longValueExact();
        closeBlock = close.log.getBlockNumber().longValueExact();
        Thread.sleep(OUTAGE.toMillis());
        disputesDuringOutage = world.hub.logs(ChannelHub.DISPUTED_EVENT, stale.id()).size();
        log.restarting();
        world.startKafka();
        log.restarted();
        Thread.sleep(5_000); // a steady load after the outage
      } finally {
        delegations.stop();
        checkpoints.stop();
      }

      Invariants invariants =
          new Invariants(world, log, delegated.stream().map(Delegated::id).toList(), checkpoints);
      invariants.awaitSettled();
      Invariants.Figures figures = invariants.check();
      long disputeBlock =
          world
              .hub
              .logs(ChannelHub.DISPUTED_EVENT, stale.id())
              .get(0)
              .getBlockNumber()
              .longValueExact();
      long acknowledgedDuring =
          log.answers().stream()
              .filter(a -> a.acknowledged() && a.sentAt() > log.stoppedAt())
              .filter(a -> a.answeredAt() < log.restartingAt())
              .count();
      long postsAccepted = checkpoints.accepted();
      System.out.printf(
          "kafka-outage: broker down %d s between the stale close (block %d) and its dispute"
              + " (block %d, %d s before the deadline); disputes during the outage %d;"
              + " delegation requests %d, acknowledged during the outage %d; state posts %d,"
              + " accepted %d; %s; took %d s%n",
          OUTAGE.toSeconds(),
          closeBlock,
          disputeBlock,
          deadline - world.blockTime(disputeBlock),
          disputesDuringOutage,
          log.answers().size(),
          acknowledgedDuring,
          checkpoints.posts().size(),
          postsAccepted,
          figures.line(),
          Duration.ofNanos(System.nanoTime() - began).toSeconds());
      assertThat(disputesDuringOutage).as("no dispute can land while the broker is down").isZero();
      assertThat(figures.staleCloses()).isEqualTo(1);
      assertThat(figures.disputes()).isEqualTo(1);
      assertThat(figures.lost()).isZero();
      assertThat(postsAccepted).isPositive();
      assertThat(
              log.answers().stream()
                  .filter(a -> a.acknowledged() && a.sentAt() > log.restartedAt())
                  .count())
          .as("delegations acknowledged after the outage")
          .isPositive();
      assertThat(delegated.stream().map(Delegated::id).toList())
          .allSatisfy(id -> assertThat(log.highestAcknowledged(id)).isPositive());
    }
  }

  private static long pendingCount(FaultWorld world, String address, String tag) {
    String answer =
        world.anvil.rpc("eth_getTransactionCount", "[\"" + address + "\", \"" + tag + "\"]");
    return Long.parseLong(answer.replaceAll(".*\"result\":\"0x([0-9a-fA-F]+)\".*", "$1"), 16);
  }
}
