package io.vigil.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.testsupport.ReliabilityReport;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * The long fuzzing run of {@code mvn -Preliability verify}: at least 10,000 generated requests
 * across every endpoint of a real Vigil process, judged as in {@link EndpointFuzzIT}; writes its
 * figures to the "Fuzzing of every endpoint" section of docs/reliability.md.
 */
class EndpointFuzzReliability {

  static final int TRIES = 10_800;

  private FuzzHarness harness;

  @BeforeProperty
  void startVigil() {
    harness = FuzzHarness.start(50);
  }

  @AfterProperty
  void writeFigures() {
    if (harness != null) {
      try {
        String figures = harness.finish("mvn -B -Preliability verify");
        ReliabilityReport.section("fuzzing", figures);
        assertThat(harness.figures.requests()).isGreaterThanOrEqualTo(10_000);
      } finally {
        harness.close();
      }
    }
  }

  // No edge cases: combined over every endpoint's parts they favour a few endpoints and cost
  // generation time; the mutations and garbage values carry the extremes.
  @Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED, edgeCases = EdgeCasesMode.NONE)
  void everyAnswerIsSafe(@ForAll("requests") FuzzRequest request) {
    harness.session.check(request);
  }

  @Provide
  Arbitrary<FuzzRequest> requests() {
    return harness.requests();
  }
}
