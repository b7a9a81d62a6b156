package io.vigil.reliability;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The soak run of the normal test run, short: the same process, load and measurements as {@link
 * SoakReliability}, on fewer channels, for {@code -Dvigil.soak.seconds} (default 40) after a
 * warm-up of {@code -Dvigil.soak.warm-up-seconds} (default 20).
 *
 * <p>Heap after GC, live threads and database connections keep the same 10% bound as the long run.
 * The process's pool opens all its connections at the start ({@link SoakStack#POOL}), so the count
 * does not drift with the highest concurrency a short run happens to reach.
 */
class SoakIT {

  static final Duration MEASURED = Duration.ofSeconds(Long.getLong("vigil.soak.seconds", 40));

  static final Duration WARM_UP =
      Duration.ofSeconds(Long.getLong("vigil.soak.warm-up-seconds", 20));

  static final int CHANNELS = 6;

  @Test
  void shouldKeepHeapThreadsAndConnectionsFlatWhenUnderSteadyMixedLoad() throws Exception {
    SoakRun.Result result = SoakRun.run(CHANNELS, WARM_UP, MEASURED);
    System.out.println(result.markdown("≤ 1.10"));
    SoakRun.assertSteady(result, 0.10);
  }
}
