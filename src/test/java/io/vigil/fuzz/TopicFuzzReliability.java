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
 * The long topic fuzzing run of {@code mvn -Preliability verify}: at least 3,000 generated records
 * across every consumed topic of a real Vigil process, judged as in {@link TopicFuzzIT}, with a new
 * sample every run; writes its figures to the "topic-fuzzing" section of the reliability report.
 */
class TopicFuzzReliability {

  static final int TRIES = 3_000;

  private TopicFuzzHarness harness;

  @BeforeProperty
  void startVigil() {
    harness = TopicFuzzHarness.start(100);
  }

  @AfterProperty
  void writeFigures() {
    if (harness != null) {
      try {
        String figures = harness.finish("mvn -B -Preliability verify");
        System.out.println(figures);
        ReliabilityReport.section("topic-fuzzing", figures);
        assertThat(harness.figures.tried()).isGreaterThanOrEqualTo(3_000);
      } finally {
        harness.close();
      }
    }
  }

  @Property(tries = TRIES, shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE)
  void everyRecordIsSettledSafely(@ForAll("records") TopicRecord record) {
    harness.session.check(record);
  }

  @Provide
  Arbitrary<TopicRecord> records() {
    return harness.records();
  }
}
