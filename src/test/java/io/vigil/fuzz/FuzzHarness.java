package io.vigil.fuzz;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * One fuzzing run: starts the world, checks that every endpoint the build declares has a fuzzer,
 * hands out the generated requests, judges them through a {@link FuzzSession}, and stops the world.
 */
final class FuzzHarness implements AutoCloseable {

  final FuzzWorld world;
  final FuzzFigures figures = new FuzzFigures();
  final FuzzSession session;
  private final List<EndpointFuzzer> fuzzers;
  private final RequestArbitraries arbitraries;
  private final Instant started = Instant.now();

  private FuzzHarness(FuzzWorld world, int batchSize) {
    this.world = world;
    try {
      String server =
          new ObjectMapper()
              .readTree(world.vigil.get("/v1/landmark/server").body())
              .path("address")
              .asText();
      this.fuzzers = new EndpointCatalogue(world.hub, server).fuzzers();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    Credentials credentials = new Credentials(world.vigil.baseUrl());
    this.arbitraries = new RequestArbitraries(credentials);
    this.session = new FuzzSession(world, figures, batchSize, credentials::fetches);
  }

  static FuzzHarness start(int batchSize) {
    FuzzWorld world = FuzzWorld.start();
    try {
      FuzzHarness harness = new FuzzHarness(world, batchSize);
      List<String> missing = missing(harness.fuzzers);
      if (!missing.isEmpty()) {
        throw new AssertionError("endpoints without a fuzzer, or fuzzers without one: " + missing);
      }
      return harness;
    } catch (RuntimeException | Error e) {
      world.close();
      throw e;
    }
  }

  /**
   * The endpoints the build declares that have no fuzzer, and fuzzers whose endpoint is gone; empty
   * when they match.
   */
  static List<String> missing(List<EndpointFuzzer> fuzzers) {
    Set<String> declared = ResourceEndpoints.declared();
    Set<String> covered =
        fuzzers.stream().map(EndpointFuzzer::key).collect(Collectors.toCollection(TreeSet::new));
    List<String> missing = new ArrayList<>();
    declared.stream()
        .filter(e -> !covered.contains(e))
        .forEach(e -> missing.add("no fuzzer: " + e));
    covered.stream()
        .filter(e -> !declared.contains(e))
        .forEach(e -> missing.add("no such endpoint: " + e));
    return missing;
  }

  /**
   * A request for any endpoint, each endpoint equally likely. Built once per run: a flatMap would
   * build each endpoint's generator again for every try.
   */
  Arbitrary<FuzzRequest> requests() {
    return Arbitraries.oneOf(fuzzers.stream().map(arbitraries::requests).toList());
  }

  List<EndpointFuzzer> fuzzers() {
    return fuzzers;
  }

  /** Checks the last batch and returns the run's figures as markdown. */
  String finish(String command) {
    session.closeBatch();
    List<String> tables = new ArrayList<>(session.checksums().keySet());
    return figures.markdown(command, Duration.between(started, Instant.now()), tables);
  }

  @Override
  public void close() {
    world.close();
  }
}
