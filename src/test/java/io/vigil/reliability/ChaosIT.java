package io.vigil.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.reliability.FaultWorld.Delegated;
import io.vigil.reliability.FaultWorld.Member;
import io.vigil.testsupport.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Vigil's processes killed with SIGKILL at random instants under a mixed load, on 50 channels of
 * which several are closed with a stale state during the run: the watcher ({@code chain,watcher}),
 * the relay and a second chain follower standing by, each started again at once after its kill.
 * Afterwards every {@link Invariants invariant} holds. The instants and victims come from one
 * seeded {@link Random}; the seed is printed, and {@code -Dvigil.reliability.chaos-seed} replays a
 * run.
 */
class ChaosIT {

  static final int KILLS = Integer.getInteger("vigil.reliability.chaos-kills", 20);
  static final int CHANNELS = 50;
  static final int STALE_CLOSES = 5;
  static final int BUSY_LANES = 10;
  static final int POSTED_LANES = 5;

  @Test
  void shouldKeepEveryInvariantWhenProcessesAreKilledAtRandomInstants() throws Exception {
    long seed = Long.getLong("vigil.reliability.chaos-seed", System.nanoTime());
    System.out.println("chaos: seed " + seed + " (-Dvigil.reliability.chaos-seed=" + seed + ")");
    Result result = run(seed, KILLS);
    System.out.println("chaos: " + result.line());
    assertThat(result.kills()).isEqualTo(KILLS);
    assertThat(result.figures().staleCloses()).isEqualTo(STALE_CLOSES);
    assertThat(result.figures().disputes()).isEqualTo(STALE_CLOSES);
    assertThat(result.figures().lost()).isZero();
  }

  /** What one chaos run did and found. */
  record Result(
      long seed,
      int kills,
      Map<String, Integer> killsByRole,
      String phases,
      long delegationRequests,
      long statePosts,
      Invariants.Figures figures,
      long seconds) {

    String line() {
      return String.format(
          "seed %d; kills %d %s; delegation requests %d; state posts %d; %s; took %d s (%s)",
          seed,
          kills,
          killsByRole,
          delegationRequests,
          statePosts,
          figures.line(),
          seconds,
          phases);
    }
  }

  /** One run: sets the world up, kills {@code kills} times, and checks every invariant. */
  static Result run(long seed, int kills) throws Exception {
    long began = System.nanoTime();
    Random random = new Random(seed);
    try (FaultWorld world = new FaultWorld("chaos")) {
      List<Delegated> delegated = new ArrayList<>();
      List<Delegated> stale = new ArrayList<>();
      for (int i = 0; i < BUSY_LANES; i++) {
        delegated.add(world.delegatedChannel(200));
      }
      for (int i = 0; i < STALE_CLOSES; i++) {
        Delegated channel = world.delegatedChannel(8);
        stale.add(channel);
        delegated.add(channel);
      }
      while (delegated.size() + POSTED_LANES < CHANNELS) {
        delegated.add(world.delegatedChannel(3)); // quiet channels, watched all along
      }
      List<CheckpointLoad.Lane> posted = new ArrayList<>();
      for (int i = 0; i < POSTED_LANES; i++) {
        posted.add(world.postedChannel(120));
      }
      Member watcher = world.member("chaos-watcher", "chain,watcher");
      Member relay = world.member("chaos-relay", "relay");
      Member follower = world.member("chaos-follower", "chain");
      watcher.awaitReady();
      relay.awaitReady();
      follower.awaitReady();
      Await.until(
          "the watcher to learn the channels",
          Duration.ofSeconds(60),
          () -> world.count("select count(*) from watcher_channel") == CHANNELS);

      OutageLog log = new OutageLog();
      DelegationLoad delegations =
          new DelegationLoad(
              watcher::baseUrl,
              delegated.stream().map(Delegated::lane).toList(),
              log,
              Duration.ofMillis(400));
      CheckpointLoad checkpoints =
          new CheckpointLoad(relay::baseUrl, posted, Duration.ofMillis(1_000));
      List<Member> victims = List.of(watcher, relay, follower);
      Map<String, Integer> killsByRole = new LinkedHashMap<>();
      int done = 0;
      long setUp = System.nanoTime();
      long killed;
      long recovered;
      try {
        delegations.start();
        checkpoints.start();
        Await.until(
            "every state of the channels to be closed stale to be acknowledged",
            Duration.ofSeconds(60),
            () ->
                stale.stream().allMatch(c -> log.highestAcknowledged(c.id()) == c.states().size()));
        int closed = 0;
        int every = Math.max(1, kills / STALE_CLOSES);
        for (; done < kills; done++) {
          if (done % every == 1 % every && closed < stale.size()) {
            Delegated channel = stale.get(closed++);
            world.hub.close(FaultWorld.KEY_A, channel.states().get(1));
          }
          Thread.sleep(500 + random.nextInt(2_500));
          Member victim = victims.get(random.nextInt(victims.size()));
          victim.killAndRestart();
          killsByRole.merge(victim.name, 1, Integer::sum);
        }
        killed = System.nanoTime();
        while (closed < stale.size()) {
          world.hub.close(FaultWorld.KEY_A, stale.get(closed++).states().get(1));
        }
        for (Member member : victims) {
          member.awaitReady();
        }
        recovered = System.nanoTime();
        Thread.sleep(2_000); // the load on the last processes
      } finally {
        delegations.stop();
        checkpoints.stop();
      }

      Invariants invariants =
          new Invariants(world, log, delegated.stream().map(Delegated::id).toList(), checkpoints);
      invariants.awaitSettled();
      Invariants.Figures figures = invariants.check();
      long end = System.nanoTime();
      String phases =
          String.format(
              "set-up %d s, kills %d s, last restarts ready %d s, settled and checked %d s",
              (setUp - began) / 1_000_000_000,
              (killed - setUp) / 1_000_000_000,
              (recovered - killed) / 1_000_000_000,
              (end - recovered) / 1_000_000_000);
      return new Result(
          seed,
          done,
          killsByRole,
          phases,
          log.answers().size(),
          checkpoints.posts().size(),
          figures,
          Duration.ofNanos(System.nanoTime() - began).toSeconds());
    }
  }
}
