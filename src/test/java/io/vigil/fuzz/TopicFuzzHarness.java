package io.vigil.fuzz;

import io.vigil.core.messaging.TransactionRequest.Purpose;
import io.vigil.testsupport.Anvil;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import net.jqwik.api.Arbitrary;

/**
 * One topic fuzzing run: a {@link FuzzWorld} whose consumers dead-letter to private topics, the
 * generated records, and the {@link TopicFuzzSession} that judges them.
 */
final class TopicFuzzHarness implements AutoCloseable {

  final FuzzWorld world;
  final TopicFigures figures = new TopicFigures();
  final TopicFuzzSession session;
  private final TopicArbitraries arbitraries;
  private final Instant started = Instant.now();

  private TopicFuzzHarness(FuzzWorld world, int batchSize) {
    this.world = world;
    String postKey = org.web3j.crypto.Credentials.create(Anvil.DEV_KEYS.get(9)).getAddress();
    Map<Purpose, String> senders = new EnumMap<>(Purpose.class);
    for (Purpose purpose : Purpose.values()) {
      switch (purpose) {
        case DISPUTE, SETTLE, WITHDRAW -> senders.put(purpose, FuzzWorld.HUNTER);
        case CLOSE, CHECKPOINT, COOPERATIVE_CLOSE -> senders.put(purpose, postKey);
        case CLIENT_RAW -> {}
      }
    }
    this.arbitraries = new TopicArbitraries(world.hub.hub().hex(), senders);
    this.session = new TopicFuzzSession(world, figures, arbitraries, batchSize);
  }

  static TopicFuzzHarness start(int batchSize) {
    FuzzWorld world =
        FuzzWorld.start(
            topics -> {
              Map<String, String> extra = new HashMap<>();
              for (ConsumedTopic topic : ConsumedTopic.values()) {
                topic.configure(topics, extra);
              }
              return extra;
            });
    try {
      return new TopicFuzzHarness(world, batchSize);
    } catch (RuntimeException | Error e) {
      world.close();
      throw e;
    }
  }

  Arbitrary<TopicRecord> records() {
    return arbitraries.records();
  }

  /** Judges the last batch and returns the run's figures as markdown. */
  String finish(String command) {
    session.closeBatch();
    return figures.markdown(command, Duration.between(started, Instant.now()), session.tables());
  }

  @Override
  public void close() {
    try {
      session.close();
    } finally {
      world.close();
    }
  }
}
