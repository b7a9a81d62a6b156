package io.vigil.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.channel.ChannelId;
import io.vigil.core.channel.SignedState;
import io.vigil.testsupport.Anvil;
import io.vigil.testsupport.Await;
import io.vigil.testsupport.HubFixture;
import io.vigil.testsupport.Ports;
import io.vigil.testsupport.PostgresServer;
import io.vigil.testsupport.ProcessSettings;
import io.vigil.testsupport.TestInfrastructure;
import io.vigil.testsupport.VigilProcess;
import io.vigil.watcher.Delegating;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stopped for 30 seconds under a steady delegation load on a real watcher process: while
 * it is down every answer is 503 with {@code Retry-After} and a problem body and readiness is down;
 * afterwards every acknowledged delegation is held and no row is half-written.
 */
class PostgresOutageIT {

  /** The outage the issue names; {@code -Dvigil.reliability.postgres-outage-seconds} changes it. */
  static final Duration OUTAGE =
      Duration.ofSeconds(Long.getLong("vigil.reliability.postgres-outage-seconds", 30));

  static final String KEY_A = Anvil.DEV_KEYS.get(1);

  /** One channel per B key: the hunter authorization's signer is the rate-limited client. */
  static final List<String> KEYS_B =
      List.of(Anvil.DEV_KEYS.get(2), Anvil.DEV_KEYS.get(3), Anvil.DEV_KEYS.get(4));

  static final int STATES_PER_CHANNEL = 600;

  private final ObjectMapper json = new ObjectMapper();

  @Test
  void shouldAnswer503AndLoseNothingWhenPostgresStopsUnderDelegationLoad() throws Exception {
    Path data =
        Files.createDirectories(Path.of("target", "reliability"))
            .resolve("pg-" + UUID.randomUUID().toString().substring(0, 8))
            .toAbsolutePath();
    int port = Ports.free();
    PostgresServer postgres = PostgresServer.start(data, port);
    try (Anvil anvil = Anvil.start(List.of());
        HubFixture driver = HubFixture.deploy(anvil)) {
      long startBlock =
          Long.parseLong(
              anvil
                  .rpc("eth_blockNumber", "[]")
                  .replaceAll(".*\"result\":\"0x([0-9a-fA-F]+)\".*", "$1"),
              16);
      List<Lane> lanes = new ArrayList<>();
      for (String keyB : KEYS_B) {
        ChannelId id =
            driver.open(
                KEY_A, keyB, HubFixture.ETHER, HubFixture.ETHER, 3_600, BigInteger.TEN.pow(17));
        List<SignedState> states =
            driver.payments(
                id,
                HubFixture.ETHER,
                HubFixture.ETHER,
                BigInteger.TEN.pow(12),
                STATES_PER_CHANNEL,
                KEY_A,
                keyB);
        String authorization = driver.hunterAuthorization(id, Delegating.HUNTER, keyB);
        List<String> bodies = new ArrayList<>();
        for (SignedState state : states) {
          bodies.add(json.writeValueAsString(Delegating.body(state, authorization)));
        }
        lanes.add(new Lane(id, keyB, bodies));
      }
      OutageDatabase database = new OutageDatabase(postgres);
      try (VigilProcess vigil =
          VigilProcess.start("postgres-outage", config(postgres, anvil, driver, startBlock))) {
        Await.until(
            "the watcher to learn the channels",
            Duration.ofSeconds(60),
            () -> database.count("select count(*) from watcher_channel") == lanes.size());
        OutageLog log = new OutageLog();
        DelegationLoad load = new DelegationLoad(vigil, lanes, log);
        AtomicBoolean probing = new AtomicBoolean(true);
        ConcurrentLinkedQueue<Probe> readiness = new ConcurrentLinkedQueue<>();
        long readyAgain;
        try {
          load.start();
          Thread.sleep(5_000); // a steady load before the outage
          Thread prober =
              Thread.ofPlatform()
                  .daemon()
                  .name("readiness-prober")
                  .start(() -> DelegationLoad.probeReadiness(vigil, probing, readiness));
          log.stopping();
          postgres.close();
          log.stopped();
          Thread.sleep(OUTAGE.toMillis());
          log.restarting();
          postgres = PostgresServer.start(data, port);
          log.restarted();
          vigil.awaitReady(Duration.ofSeconds(120));
          readyAgain = System.nanoTime();
          Thread.sleep(5_000); // a steady load after the outage
          probing.set(false);
          prober.join();
        } finally {
          probing.set(false);
          load.stop();
        }

        OutageReport report = OutageReport.of(log, readiness, readyAgain);
        report.print();
        // During the outage: only 503 with Retry-After and a problem body, never 500, never a hang.
        assertThat(report.duringOutage()).isNotEmpty();
        assertThat(report.duringOutage())
            .allSatisfy(
                answer -> {
                  assertThat(answer.status()).as(answer.toString()).isEqualTo(503);
                  assertThat(answer.retryAfter()).as(answer.toString()).isNotBlank();
                  assertThat(answer.contentType())
                      .as(answer.toString())
                      .startsWith("application/problem+json");
                  assertThat(json.readTree(answer.body()).path("type").asText())
                      .isEqualTo("urn:vigil:problem:unavailable");
                });
        if (log.answers().stream().anyMatch(a -> a.status() >= 500 && a.status() != 503)) {
          // The process logged why: print it with the failure.
          vigil
              .output()
              .lines()
              .dropWhile(line -> !line.contains("request failed"))
              .limit(60)
              .forEach(System.out::println);
        }
        // Around it too: every answer is a success or that same 503; no other 5xx, no timeout.
        assertThat(log.answers())
            .allSatisfy(
                answer -> assertThat(answer.status()).as(answer.toString()).isIn(200, 201, 503));
        assertThat(log.answers().stream().filter(a -> a.status() == 503))
            .allSatisfy(answer -> assertThat(answer.retryAfter()).isNotBlank());
        assertThat(report.acknowledgedBefore()).isPositive();
        assertThat(report.acknowledgedAfter()).isPositive();
        // Readiness: down while PostgreSQL is, up again afterwards.
        assertThat(report.readinessDuringOutage()).isNotEmpty().allMatch(probe -> !probe.up());
        assertThat(report.readinessAfter()).isNotEmpty().allMatch(Probe::up);

        // Afterwards: everything acknowledged is held, and nothing is half-written.
        int checked = 0;
        for (Lane lane : lanes) {
          long acknowledged = log.highestAcknowledged(lane.id());
          long sent = log.highestSent(lane.id());
          Map<String, Object> held = database.heldState(lane.id());
          assertThat(held).as("the state held for " + lane.id()).isNotNull();
          long nonce = (Long) held.get("nonce");
          assertThat(nonce).isGreaterThanOrEqualTo(acknowledged).isLessThanOrEqualTo(sent);
          assertThat(held.get("signer_a")).isEqualTo(HubFixture.address(KEY_A).toLowerCase());
          assertThat(held.get("signer_b")).isEqualTo(HubFixture.address(lane.keyB()).toLowerCase());
          assertThat(held.get("signer_a")).isEqualTo(held.get("party_a"));
          assertThat(held.get("signer_b")).isEqualTo(held.get("party_b"));
          assertThat(held.get("hunter_auth_b")).isEqualTo(true);
          assertThat(held.get("expires_at")).isNull();
          assertThat((BigInteger) held.get("balance_a"))
              .isEqualTo(
                  HubFixture.ETHER.subtract(
                      BigInteger.TEN.pow(12).multiply(BigInteger.valueOf(nonce))));
          checked++;
        }
        assertThat(database.count("select count(*) from watcher_state")).isEqualTo(lanes.size());
        assertThat(
                database.count(
                    "select count(*) from watcher_state s left join watcher_channel c"
                        + " using (channel_id) where c.channel_id is null"))
            .isZero();
        assertThat(database.count("select count(*) from watcher_request")).isZero();
        assertThat(database.count("select count(*) from watcher_outcome")).isZero();
        assertThat(vigil.isAlive()).isTrue();
        System.out.printf(
            "postgres-outage: held states checked %d, orphan rows 0, watcher_request 0%n", checked);
      }
    } finally {
      postgres.close();
    }
  }

  private static Map<String, String> config(
      PostgresServer postgres, Anvil anvil, HubFixture driver, long startBlock) {
    String topics = "pgout-" + UUID.randomUUID().toString().substring(0, 8);
    return ProcessSettings.roles("chain,watcher")
        .database(postgres.jdbcUrl(), postgres.user(), postgres.password())
        .broker(TestInfrastructure.get().kafka().bootstrapServers())
        .chain(anvil.rpcUrl(), driver.hub().hex(), startBlock)
        .set("vigil.chain.monitor.poll-interval", "200ms")
        .set("vigil.chain.monitor.lease-retry", "500ms")
        .watchtower(Delegating.HUNTER, Anvil.DEV_KEYS.get(8))
        .set("vigil.watcher.rate-per-second", "1000")
        .set("vigil.watcher.rate-burst", "1000")
        .topics(topics)
        .map();
  }

  /** One channel's delegations, sent in nonce order by one client thread. */
  record Lane(ChannelId id, String keyB, List<String> bodies) {}

  /** One readiness answer: when it was asked and answered, and whether it said UP. */
  record Probe(long sentAt, long answeredAt, boolean up) {}
}
