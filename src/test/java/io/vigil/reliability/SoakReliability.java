package io.vigil.reliability;

import io.vigil.testsupport.ReliabilityReport;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The soak run of {@code mvn -Preliability verify}: one Vigil process with every role under a
 * steady mixed load for at least 10 minutes ({@code -Dvigil.reliability.soak-minutes}). The start
 * is taken after a warm-up of the same load ({@code -Dvigil.reliability.soak-warm-up-seconds},
 * default 60), with the load running; the end at the close of the measured period, load still
 * running. Heap after GC, live threads and database connections at the end must be within 10% of
 * the start. Writes its figures to the {@code soak} section of docs/reliability.md.
 */
class SoakReliability {

  static final Duration MEASURED =
      Duration.ofMinutes(Long.getLong("vigil.reliability.soak-minutes", 10));

  static final Duration WARM_UP =
      Duration.ofSeconds(Long.getLong("vigil.reliability.soak-warm-up-seconds", 60));

  static final int CHANNELS = Integer.getInteger("vigil.reliability.soak-channels", 12);

  static final double GROWTH = 0.10;

  @Test
  void shouldKeepHeapThreadsAndConnectionsFlatWhenUnderSteadyMixedLoadForTenMinutes()
      throws Exception {
    SoakRun.Result result = SoakRun.run(CHANNELS, WARM_UP, MEASURED);
    String figures = result.markdown("≤ 1.10");
    System.out.println(figures);
    ReliabilityReport.section("soak", report(result, figures));
    SoakRun.assertSteady(result, GROWTH);
  }

  private static String report(SoakRun.Result result, String figures) {
    return String.format(
            Locale.ROOT,
            """
            ## Soak: %d minutes of steady mixed load

            One Vigil process with every role (`vigil.roles=all`, `-Xmx512m`) on its own anvil and
            hub, its own database on the shared PostgreSQL and its own Kafka topics. The load, on
            client threads, each sending its next request a fixed pause after the previous answer:
            a new co-signed state of each of %d channels (`POST /v1/watcher/delegations`, pause %d
            ms), a relayed deposit (`POST /v1/relay/transactions`, %d ms), a routing origination
            (%d ms), %d pollers of `GET /messagesByHash` for recent hashes (%d ms each), and a
            block mined on anvil every %d ms.
            Start: after a %d s warm-up of the same load; end: %.0f s later; the load runs
            throughout. Heap: bytes alive after a full GC (`jcmd GC.class_histogram`), median of
            %d; threads: `jvm_threads_live_threads`; connections: `pg_stat_activity` of the run's
            database; sockets and descriptors: `/proc/<pid>/fd`.

            """,
            result.measured().toMinutes(),
            result.channels(),
            SoakLoad.DELEGATION_PAUSE_MS,
            SoakLoad.RELAY_PAUSE_MS,
            SoakLoad.ORIGINATION_PAUSE_MS,
            SoakLoad.POLLERS,
            SoakLoad.POLL_PAUSE_MS,
            SoakLoad.MINING_PAUSE_MS,
            result.warmUp().toSeconds(),
            result.measured().toMillis() / 1000.0,
            SoakGauge.HEAP_SAMPLES)
        + figures;
  }
}
