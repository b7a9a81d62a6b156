package io.vigil.fuzz;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * Fuzzes every endpoint of every role of a real Vigil process (PostgreSQL, Kafka, anvil) with a
 * bounded sample of generated and mutated requests: every answer is 2xx or 4xx with a problem body,
 * a refused request changes no table, and the process stays ready. The long run is {@link
 * EndpointFuzzReliability} ({@code mvn -Preliability verify}).
 */
class EndpointFuzzIT {

  /** About 10 requests per endpoint, so the whole test stays near 90 s on 2 cores. */
  static final int TRIES = 300;

  /**
   * The normal run replays one fixed sample, so that a build fails only for a change, never for a
   * new draw; the long run ({@code -Preliability}) draws a new sample every time.
   */
  static final String SEED = "-7668946132963270363";

  private FuzzHarness harness;

  @BeforeProperty
  void startVigil() {
    harness = FuzzHarness.start(20);
  }

  @AfterProperty
  void stopVigil() {
    if (harness != null) {
      try {
        System.out.println(harness.finish("mvn verify (EndpointFuzzIT)"));
      } finally {
        harness.close();
      }
    }
  }

  // No edge cases: combined over every endpoint's parts they favour a few endpoints and cost
  // generation time; the mutations and garbage values carry the extremes.
  @Property(
      tries = TRIES,
      seed = SEED,
      shrinking = ShrinkingMode.BOUNDED,
      edgeCases = EdgeCasesMode.NONE)
  void everyAnswerIsSafe(@ForAll("requests") FuzzRequest request) {
    harness.session.check(request);
  }

  @Provide
  Arbitrary<FuzzRequest> requests() {
    return harness.requests();
  }
}
