package io.vigil.router.reactive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.testsupport.Await;
import io.vigil.testsupport.PostgresServer;
import io.vigil.testsupport.TestInfrastructure;
import io.vigil.testsupport.VigilProcess;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.web3j.crypto.ECKeyPair;

/**
 * The cached answers of {@code /messagesByHash}: two replicas of one routing server (one identity,
 * one database, separate processes) behind which a client may land on either. The replica that
 * writes an entry answers the new value at once; the other within its cache validity.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PollingAnswersIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final ECKeyPair CLIENT = RouterNode.key("a7");
  private static final ECKeyPair SERVER = RouterNode.key("5e");

  private RouterNode writer;
  private RouterNode other;
  private String jdbcUrl;

  @BeforeAll
  void startReplicas() {
    TestInfrastructure.get();
    writer =
        RouterNode.launch(
            "answers-writer",
            "router_answers",
            SERVER,
            Map.of("vigil.router.answer-cache-validity", "30s"));
    jdbcUrl = writer.properties.get("quarkus.datasource.jdbc.url");
    other =
        RouterNode.launch(
            "answers-other",
            "router_answers_unused",
            SERVER,
            Map.of(
                "quarkus.datasource.jdbc.url",
                jdbcUrl,
                "vigil.router.answer-cache-validity",
                "2s"));
    writer.process.awaitReady(VigilProcess.STARTUP);
    other.process.awaitReady(VigilProcess.STARTUP);
    writer.link(RouterNode.address(CLIENT), "CLIENT", null, "0", 0, "10000", "10000");
  }

  @AfterAll
  void stopReplicas() {
    if (other != null) {
      other.close();
    }
    if (writer != null) {
      writer.close();
    }
  }

  @Test
  void shouldServeFromTheCacheTheAnswerThatIsStored() throws SQLException {
    String hash = freshHash();
    originate(writer, hash, "100", "accepted");
    double hitsBefore = hits(writer);

    HttpResponse<String> first = writer.get("/messagesByHash/" + hash);
    HttpResponse<String> second = writer.get("/messagesByHash/" + hash);

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/json");
    assertThat(second.body()).isEqualTo(first.body());
    assertThat(hits(writer)).isGreaterThanOrEqualTo(hitsBefore + 1);
    JsonNode answer = RouterNode.read(second.body());
    try (Connection connection =
            DriverManager.getConnection(jdbcUrl, postgres().user(), postgres().password());
        PreparedStatement statement =
            connection.prepareStatement(
                "select amount, next_hop, expires_at from router_entry where hash = ?")) {
      statement.setString(1, hash);
      try (ResultSet stored = statement.executeQuery()) {
        assertThat(stored.next()).isTrue();
        assertThat(new BigDecimal(answer.get("amount").asText()))
            .isEqualByComparingTo(stored.getBigDecimal(1));
        assertThat(answer.get("nextHop").asText()).isEqualTo(stored.getString(2));
        assertThat(Instant.parse(answer.get("expiresAt").asText()))
            .isEqualTo(stored.getTimestamp(3).toInstant());
      }
    }
    assertThat(answer.get("hash").asText()).isEqualTo(hash);
    assertThat(answer.get("unit").asText()).isEqualTo("ETH");
    assertThat(answer.get("nextHop").asText()).isEqualTo(RouterNode.address(CLIENT));
  }

  @Test
  void shouldAnswerTheNewEntryAtOnceWhenThisReplicaWroteIt() {
    String hash = freshHash();
    assertNoRoute(writer.get("/messagesByHash/" + hash));
    assertNoRoute(writer.get("/messagesByHash/" + hash)); // the 404 is cached for 30 s

    originate(writer, hash, "100", "accepted");
    assertThat(amount(writer.get("/messagesByHash/" + hash))).isEqualTo("100");
    assertThat(amount(writer.get("/messagesByHash/" + hash))).isEqualTo("100");

    originate(writer, hash, "90", "replaced");
    assertThat(amount(writer.get("/messagesByHash/" + hash))).isEqualTo("90");

    HttpResponse<String> completed = writer.post("/v1/routing/entries/" + hash + "/completion", "");
    assertThat(completed.statusCode()).isEqualTo(204);
    assertNoRoute(writer.get("/messagesByHash/" + hash));
  }

  @Test
  void shouldAnswerAnotherReplicasWriteOnceTheCachedAnswerLapses() {
    String hash = freshHash();
    assertNoRoute(other.get("/messagesByHash/" + hash));

    originate(writer, hash, "100", "accepted");
    Await.until(
        "the other replica to answer the new entry",
        WAIT,
        () -> "100".equals(amount(other.get("/messagesByHash/" + hash))));
    double hitsBefore = hits(other);
    assertThat(amount(other.get("/messagesByHash/" + hash))).isNotNull();

    originate(writer, hash, "80", "replaced");
    Await.until(
        "the other replica to answer the replaced amount",
        WAIT,
        () -> "80".equals(amount(other.get("/messagesByHash/" + hash))));
    assertThat(hits(other)).isGreaterThan(hitsBefore);

    writer.post("/v1/routing/entries/" + hash + "/completion", "");
    Await.until(
        "the other replica to forget the completed entry",
        WAIT,
        () -> other.get("/messagesByHash/" + hash).statusCode() == 404);
  }

  @Test
  void shouldStillRefuseAMalformedHashBeforeAnyLookup() {
    double lookupsBefore =
        writer.metric("vigil_router_answer_cache_requests_total", "result=\"hit\"")
            + writer.metric("vigil_router_answer_cache_requests_total", "result=\"miss\"");

    HttpResponse<String> refused = writer.get("/messagesByHash/0x1234");

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(RouterNode.read(refused.body()).get("field").asText()).isEqualTo("hash");
    assertThat(
            writer.metric("vigil_router_answer_cache_requests_total", "result=\"hit\"")
                + writer.metric("vigil_router_answer_cache_requests_total", "result=\"miss\""))
        .isEqualTo(lookupsBefore);
  }

  private static PostgresServer postgres() {
    return TestInfrastructure.get().postgres();
  }

  /** A hash no earlier run used, since the databases are kept between runs. */
  private static String freshHash() {
    byte[] bytes = new byte[32];
    ThreadLocalRandom.current().nextBytes(bytes);
    return "0x" + HexFormat.of().formatHex(bytes);
  }

  private static void originate(RouterNode at, String hash, String amount, String outcome) {
    HttpResponse<String> response =
        at.post("/v1/routing/originations", at.origination(CLIENT, hash, amount));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(RouterNode.read(response.body()).get("outcome").asText()).isEqualTo(outcome);
  }

  private static String amount(HttpResponse<String> response) {
    return response.statusCode() == 200
        ? RouterNode.read(response.body()).get("amount").asText()
        : null;
  }

  private static void assertNoRoute(HttpResponse<String> response) {
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    JsonNode problem = RouterNode.read(response.body());
    assertThat(problem.get("type").asText()).isEqualTo("urn:vigil:problem:no-route");
    assertThat(problem.get("field").asText()).isEqualTo("hash");
  }

  private static double hits(RouterNode node) {
    return node.metric("vigil_router_answer_cache_requests_total", "result=\"hit\"");
  }
}
