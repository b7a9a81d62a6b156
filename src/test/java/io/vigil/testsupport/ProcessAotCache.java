package io.vigil.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The JDK's AOT cache (JEP 483/514/515) for the Vigil processes the tests start ({@link
 * VigilProcess}): made once per test JVM, on the first start, by a training run that starts Vigil
 * with every role against the shared PostgreSQL and Kafka broker and a private anvil and hub until
 * it is ready, then stops it (the JVM writes the cache as it exits). Every later process starts
 * from it, which roughly halves the time a process takes to become ready on a 2-core machine.
 *
 * <p>With a JDK older than 25, with {@code -Dvigil-test.aot-cache=off}, or when the training run
 * writes no cache, processes start without one. A cache that does not match (another JDK build or
 * class path) never stops a process: the JVM then runs without it.
 *
 * <p>Quarkus loads test classes again for each application restart, so the outcome is kept in a
 * system property (shared by every class loader) rather than in a static field.
 */
final class ProcessAotCache {

  private static final String REGISTRY = "vigil-test.aot-cache";
  private static final String NONE = "off";

  /** A cache written at the training run's exit; the JVM may take a minute on a busy machine. */
  private static final Duration WRITE = Duration.ofMinutes(5);

  private ProcessAotCache() {}

  /** The JVM options that start a process from the cache: none when there is no cache. */
  static List<String> options() {
    String cache = cache();
    return cache.equals(NONE) ? List.of() : List.of("-XX:AOTCache=" + cache);
  }

  /** True when {@code jvmOptions} already choose an AOT cache (a bench, or the training run). */
  static boolean chosenIn(List<String> jvmOptions) {
    return jvmOptions.stream().anyMatch(option -> option.startsWith("-XX:AOTCache"));
  }

  private static String cache() {
    synchronized (System.getProperties()) {
      String known = System.getProperty(REGISTRY);
      if (known == null) {
        known = Runtime.version().feature() >= 25 ? train() : NONE;
        System.setProperty(REGISTRY, known);
      }
      return known;
    }
  }

  private static String train() {
    long began = System.nanoTime();
    String id = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    try {
      Path cache =
          Files.createDirectories(Path.of("target", "processes"))
              .resolve("vigil-" + id + ".aot")
              .toAbsolutePath();
      try (Anvil anvil = Anvil.start(List.of());
          HubFixture hub = HubFixture.deploy(anvil)) {
        Map<String, String> config =
            ProcessSettings.roles("all")
                .shared(TestInfrastructure.get().postgres().createDatabase("aot_" + id))
                .chain(anvil.rpcUrl(), hub.hub().hex())
                .watchtower(HubFixture.address(Anvil.DEV_KEYS.get(8)), Anvil.DEV_KEYS.get(8))
                .quickLoops()
                .topics("aot-" + id)
                .map();
        VigilProcess training =
            VigilProcess.launch("aot-training", config, List.of("-XX:AOTCacheOutput=" + cache));
        try {
          training.awaitReady(VigilProcess.STARTUP);
        } finally {
          training.close(WRITE);
        }
      }
      if (Files.isRegularFile(cache) && Files.size(cache) > 0) {
        System.out.printf(
            "vigil-test: AOT cache for Vigil processes %s, made in %d s%n",
            cache, Duration.ofNanos(System.nanoTime() - began).toSeconds());
        return cache.toString();
      }
      System.out.println(
          "vigil-test: the training run wrote no AOT cache; processes start without");
    } catch (IOException | RuntimeException | AssertionError e) {
      System.out.println("vigil-test: no AOT cache for Vigil processes (" + e + ")");
    }
    return NONE;
  }
}
