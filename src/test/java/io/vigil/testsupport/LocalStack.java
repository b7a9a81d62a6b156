package io.vigil.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The local run: starts a real PostgreSQL, Kafka broker and anvil chain, then Vigil with all roles
 * in the foreground. Ctrl-C (or SIGTERM) stops Vigil and the infrastructure, leaving no process and
 * no listening port behind. Data lives under {@code target/local} and is reset on every start.
 * Started by {@code deploy/run-local.sh}.
 */
public final class LocalStack {

  private LocalStack() {}

  public static void main(String[] args) throws Exception {
    Path home = Path.of("target", "local").toAbsolutePath();
    deleteRecursively(home);
    Files.createDirectories(home);
    int httpPort = Integer.parseInt(System.getenv().getOrDefault("VIGIL_HTTP_PORT", "8080"));
    int managementPort =
        Integer.parseInt(System.getenv().getOrDefault("VIGIL_MANAGEMENT_PORT", "9000"));

    List<AutoCloseable> started = new ArrayList<>();
    Process[] vigil = new Process[1];
    // JVM options for Vigil alone (deploy/run-local.sh passes its AOT cache option here). After a
    // training run the JVM writes the cache as it exits, which can take a minute.
    List<String> jvmOptions =
        Stream.of(System.getProperty("vigil-local.jvm-options", "").split(" "))
            .filter(option -> !option.isBlank())
            .toList();
    Duration grace =
        jvmOptions.stream().anyMatch(option -> option.startsWith("-XX:AOTCacheOutput="))
            ? Duration.ofMinutes(10)
            : Duration.ofSeconds(20);
    Thread stopper =
        new Thread(
            () -> {
              System.out.println("\nvigil-local: stopping");
              if (vigil[0] != null) {
                if (grace.toMinutes() > 0) {
                  System.out.println("vigil-local: Vigil writes its AOT cache as it exits");
                }
                VigilProcess.stop(vigil[0], grace);
              }
              for (int i = started.size() - 1; i >= 0; i--) {
                try {
                  started.get(i).close();
                } catch (Exception e) {
                  System.err.println("vigil-local: " + e.getMessage());
                }
              }
              System.out.println("vigil-local: stopped");
            },
            "local-stack-stop");
    Runtime.getRuntime().addShutdownHook(stopper);

    System.out.println("vigil-local: starting PostgreSQL, Kafka and anvil under " + home);
    PostgresServer postgres = PostgresServer.start(home.resolve("postgres"));
    started.add(postgres);
    KafkaBroker kafka = KafkaBroker.start(home.resolve("kafka"));
    started.add(kafka);
    Anvil anvil = Anvil.start(List.of());
    started.add(anvil);

    Map<String, String> config = TestInfrastructure.vigilConfig(postgres, kafka, anvil);
    config.put("quarkus.http.port", String.valueOf(httpPort));
    config.put("quarkus.http.host", "127.0.0.1");
    config.put("quarkus.management.port", String.valueOf(managementPort));
    config.put("quarkus.management.host", "127.0.0.1");
    // Peers and contacts' servers of a local run are other local processes.
    config.put("vigil.outbound.allow", "127.0.0.0/8,::1");
    config.putAll(LocalChain.prepare(anvil, home));
    // New heads by push from anvil's WebSocket endpoint (same port as HTTP). anvil mines only on
    // demand, so an idle local chain is quiet for long stretches: not a stalled subscription.
    config.put("vigil.chain.ws-urls", anvil.wsUrl());
    config.put("vigil.chain.head-stall-timeout", "10m");

    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    config.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(VigilProcess.applicationJar().toString());
    ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
    // Credentials of this run, fresh each start, passed in the environment (not on the command
    // line, where any local user could read them).
    LocalCredentials credentials = LocalCredentials.create(home);
    builder.environment().putAll(credentials.environment());
    vigil[0] = builder.start();

    String base = "http://127.0.0.1:" + httpPort;
    String management = "http://127.0.0.1:" + managementPort;
    try (VigilProbe probe = new VigilProbe(management)) {
      Await.until(
          "Vigil to be ready at " + management,
          VigilProcess.STARTUP,
          () -> {
            if (!vigil[0].isAlive()) {
              throw new IllegalStateException("Vigil exited with " + vigil[0].exitValue());
            }
            return probe.ready();
          });
    }
    System.out.println();
    System.out.println("vigil-local: Vigil is up with all roles (Ctrl-C stops everything)");
    System.out.println("  API          " + base + "/v1");
    System.out.println(
        "  Management   " + management + " (health, metrics, OpenAPI; not the API port)");
    System.out.println("  OpenAPI UI   " + management + "/q/swagger-ui");
    System.out.println("  OpenAPI      " + management + "/q/openapi");
    System.out.println("  Health       " + management + "/q/health/ready");
    System.out.println("  Metrics      " + management + "/q/metrics");
    System.out.println(
        "  Chain RPC    " + anvil.rpcUrl() + " (anvil, chain id " + Anvil.CHAIN_ID + ")");
    System.out.println("  Chain heads  " + anvil.wsUrl() + " (newHeads by push)");
    LocalChain.describe(home).forEach(line -> System.out.println("  " + line));
    credentials.describe(base).forEach(line -> System.out.println("  " + line));
    System.out.println();
    int exit = vigil[0].waitFor();
    System.out.println("vigil-local: Vigil exited with " + exit);
    System.exit(exit);
  }

  private static void deleteRecursively(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
