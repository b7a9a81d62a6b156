package io.vigil.testsupport;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The real PostgreSQL, Kafka broker and anvil chain shared by every test in one JVM: started once
 * on first use, on free loopback ports, and stopped when the JVM exits.
 *
 * <p>WARNING: Quarkus loads test classes again for each application restart, so a static field is
 * per class loader, not per JVM. The first loader to start the infrastructure publishes its
 * addresses in a system property; later loaders attach to it instead of starting another set. Tests
 * take the shared set from {@link #get()}.
 */
public record TestInfrastructure(PostgresServer postgres, KafkaBroker kafka, Anvil anvil) {

  private static final String REGISTRY = "vigil-test.infrastructure";

  private static TestInfrastructure instance;

  public static TestInfrastructure get() {
    // System properties are shared by every class loader: the lock and registry live there.
    synchronized (System.getProperties()) {
      if (instance != null) {
        return instance;
      }
      String published = System.getProperty(REGISTRY);
      if (published != null) {
        String[] parts = published.split("\\|");
        instance =
            new TestInfrastructure(
                PostgresServer.attach(Integer.parseInt(parts[0])),
                KafkaBroker.attach(parts[1]),
                Anvil.attach(Integer.parseInt(parts[2])));
        return instance;
      }
      PostgresServer postgres = PostgresServer.start(null);
      KafkaBroker kafka = KafkaBroker.start(null);
      Anvil anvil = Anvil.start(List.of());
      TestInfrastructure started = new TestInfrastructure(postgres, kafka, anvil);
      Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "test-infrastructure-stop"));
      System.setProperty(
          REGISTRY, postgres.port() + "|" + kafka.bootstrapServers() + "|" + anvil.port());
      instance = started;
      return instance;
    }
  }

  /**
   * A value created once per JVM (for example the address of a contract a test profile deploys),
   * seen alike by every class loader: the first caller creates it, later ones read it back.
   */
  public String shared(String name, java.util.function.Supplier<String> create) {
    String key = REGISTRY + "." + name;
    synchronized (System.getProperties()) {
      String value = System.getProperty(key);
      if (value == null) {
        value = create.get();
        System.setProperty(key, value);
      }
      return value;
    }
  }

  /** Configuration that points a Vigil process at this infrastructure. */
  public Map<String, String> vigilConfig() {
    return vigilConfig(postgres, kafka, anvil);
  }

  /** Configuration that points a Vigil process at these servers. */
  static Map<String, String> vigilConfig(PostgresServer postgres, KafkaBroker kafka, Anvil anvil) {
    Map<String, String> config = new HashMap<>();
    config.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl());
    config.put("quarkus.datasource.username", postgres.user());
    config.put("quarkus.datasource.password", postgres.password());
    config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
    config.put("vigil.chain.rpc-urls", anvil.rpcUrl());
    config.put("vigil.chain.chain-id", String.valueOf(Anvil.CHAIN_ID));
    return config;
  }

  private void stop() {
    anvil.close();
    kafka.close();
    postgres.close();
  }
}
