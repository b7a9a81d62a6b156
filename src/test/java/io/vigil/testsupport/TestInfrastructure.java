package io.vigil.testsupport;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The real PostgreSQL, Kafka broker and anvil chain shared by every test in one JVM: started once
 * on first use, on free loopback ports, and stopped when the JVM exits.
 */
public final class TestInfrastructure {

  private static TestInfrastructure instance;

  private final PostgresServer postgres;
  private final KafkaBroker kafka;
  private final Anvil anvil;

  private TestInfrastructure(PostgresServer postgres, KafkaBroker kafka, Anvil anvil) {
    this.postgres = postgres;
    this.kafka = kafka;
    this.anvil = anvil;
  }

  public static synchronized TestInfrastructure get() {
    if (instance == null) {
      PostgresServer postgres = PostgresServer.start(null);
      KafkaBroker kafka = KafkaBroker.start(null);
      Anvil anvil = Anvil.start(List.of());
      TestInfrastructure started = new TestInfrastructure(postgres, kafka, anvil);
      Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "test-infrastructure-stop"));
      instance = started;
    }
    return instance;
  }

  public PostgresServer postgres() {
    return postgres;
  }

  public KafkaBroker kafka() {
    return kafka;
  }

  public Anvil anvil() {
    return anvil;
  }

  /** Configuration that points a Vigil process at this infrastructure. */
  public Map<String, String> vigilConfig() {
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
