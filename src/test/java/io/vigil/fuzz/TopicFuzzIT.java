package io.vigil.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * Fuzzes every topic a Vigil role consumes ({@code channel-events} and {@code tx-outcomes} read by
 * the watcher, {@code tx-requests} by the relay) on a real Vigil process, PostgreSQL, Kafka and
 * anvil, with a bounded sample of generated records: every record that must be set aside lands on
 * the topic's dead-letter topic with its reason and changes no table, valid records are applied,
 * and a valid sentinel behind each batch of poison on every partition is applied (no consumer
 * stalls). The long run is {@link TopicFuzzReliability} ({@code mvn -Preliability verify}).
 */
class TopicFuzzIT {

  /** About 70 records per topic, so that the fuzzing stays near a minute on 2 cores. */
  static final int TRIES = 200;

  /** The normal run replays one fixed sample: a build fails only for a change, never a new draw. */
  static final String SEED = "4271837265017162845";

  private TopicFuzzHarness harness;

  @BeforeProperty
  void startVigil() {
    harness = TopicFuzzHarness.start(50);
  }

  @AfterProperty
  void stopVigil() {
    if (harness != null) {
      try {
        System.out.println(harness.finish("mvn verify (TopicFuzzIT)"));
        for (ConsumedTopic topic : ConsumedTopic.values()) {
          assertThat(harness.figures.tried(topic))
              .as("records produced to " + topic)
              .isGreaterThan(50);
        }
      } finally {
        harness.close();
      }
    }
  }

  // Shrinking would replay records against a consumer that has moved on; a finding names its
  // record (recipe, partition and offset) instead.
  @Property(
      tries = TRIES,
      seed = SEED,
      shrinking = ShrinkingMode.OFF,
      edgeCases = EdgeCasesMode.NONE)
  void everyRecordIsSettledSafely(@ForAll("records") TopicRecord record) {
    harness.session.check(record);
  }

  @Provide
  Arbitrary<TopicRecord> records() {
    return harness.records();
  }
}
