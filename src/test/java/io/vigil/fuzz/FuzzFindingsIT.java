package io.vigil.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.testsupport.TestAuth;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The requests the fuzzing of every endpoint found mishandled, kept as plain tests against a real
 * Vigil process: each must now be refused with a 4xx problem naming the field, and change nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FuzzFindingsIT {

  private FuzzWorld world;
  private FuzzSession session;

  @BeforeAll
  void startVigil() {
    world = FuzzWorld.start();
    session = new FuzzSession(world, new FuzzFigures(), 1, () -> 0);
  }

  @AfterAll
  void stopVigil() {
    if (world != null) {
      world.close();
    }
  }

  /** Was a 500: a NUL in a relay request id reached PostgreSQL, which refuses it in text. */
  @Test
  void shouldAnswerNotFoundForARelayRequestIdWithANulCharacter() {
    assertRefused(operator("GET", "/v1/relay/transactions/%00", null), 404, "id");
  }

  /** Was a 500: a state post without "action" looked the action up in a Map.of with a null key. */
  @Test
  void shouldRefuseAStatePostWithoutAnAction() {
    assertRefused(
        post("/v1/relay/states", "{\"state\":{\"channelId\":\"0x01\"},\"sigA\":\"0x\"}"),
        400,
        "action");
  }

  /**
   * Was a 400 without a body: a JSON value of the wrong shape for a bound record (here {@code 0}
   * for a login) went to Quarkus' own mapper instead of Vigil's problem mapper.
   */
  @Test
  void shouldRefuseABodyOfTheWrongShapeWithAProblem() {
    assertRefused(post("/v1/auth/tokens", "0"), 400, "body");
    assertRefused(post("/v1/auth/tokens", "[\"0x\"]"), 400, "body");
  }

  /**
   * Was a 500: a user or contact id with a NUL character reached a PostgreSQL query, which refuses
   * NUL in text. Such an id is now refused before any lookup.
   */
  @Test
  void shouldRefuseAUserOrContactIdWithANulCharacter() {
    String contact = "{\"kind\":\"CHANNEL\",\"spendableOut\":1,\"spendableIn\":1}";
    assertRefused(operator("PUT", "/v1/landmark/users/%00/contacts/alice", contact), 404, "user");
    assertRefused(operator("GET", "/v1/landmark/users/%00", null), 404, "user");
    assertRefused(
        operator("PUT", "/v1/landmark/users/a%00", "{\"key\":\"0x" + "1".repeat(40) + "\"}"),
        400,
        "user");
    assertRefused(
        operator("PUT", "/v1/landmark/users/alice", "{\"key\":\"0x" + "1".repeat(40) + "\"}"),
        -201,
        null);
    assertRefused(
        operator("DELETE", "/v1/landmark/users/alice/contacts/%00", null), 404, "contact");
  }

  /** Was a 500: the JSON literal {@code null} as a delegation read as no delegation at all. */
  @Test
  void shouldRefuseADelegationBodyThatIsTheJsonNull() {
    assertRefused(post("/v1/watcher/delegations", "null"), 400, "body");
    assertRefused(post("/v1/watcher/delegations/batch", "null"), 400, "body");
  }

  /**
   * Was a 500: a ROUTING message from another server naming a user with a NUL character reached the
   * lookup of the sender's pinned key in PostgreSQL. Every node it names is now checked first.
   */
  @Test
  void shouldRefuseARoutingMessageNamingAUserWithANulCharacter() {
    String signature = "\"0x" + "11".repeat(65) + "\"";
    String entry =
        "{\"landmark\":\"bob\",\"approach\":\"carol\",\"path\":[\"carol\",\"bob\"],"
            + "\"maxTo\":10,\"maxFrom\":\"unlimited\"}";
    String server = "\"0x7e5f4552091a69125d5dfcb7b8c2659029395bdf\"";
    assertRefused(
        post(
            "/v1/landmark/routing",
            "{\"server\":"
                + server
                + ",\"from\":\"\\u0000\",\"to\":\"alice\",\"sequence\":1,\"entries\":["
                + entry
                + "],\"signature\":"
                + signature
                + "}"),
        400,
        "from");
    assertRefused(
        post(
            "/v1/landmark/routing",
            "{\"server\":"
                + server
                + ",\"from\":\"carol\",\"to\":\"alice\",\"sequence\":1,\"entries\":["
                + entry.replace("[\"carol\",\"bob\"]", "[\"carol\",\"b\\u0000b\"]")
                + "],\"signature\":"
                + signature
                + "}"),
        400,
        "entries[0].path[1]");
  }

  /**
   * Was a 500: a record body (an origination) with a field named twice failed in Jackson with a
   * definition error. Duplicate fields are now refused as malformed JSON.
   */
  @Test
  void shouldRefuseABodyThatNamesAFieldTwice() {
    assertRefused(
        post(
            "/v1/routing/originations",
            "{\"client\":\"0x7e5f4552091a69125d5dfcb7b8c2659029395bdf\",\"hash\":\"0x"
                + "0".repeat(64)
                + "\",\"amount\":\"1\",\"expires\":1,\"signature\":\"0x\",\"hash\":\"0x"
                + "1".repeat(64)
                + "\"}"),
        400,
        "body");
  }

  private static FuzzRequest operator(String method, String path, String body) {
    return new FuzzRequest(
        method + " " + path,
        method,
        path,
        List.of(
            new FuzzRequest.Header("Content-Type", "application/json"),
            new FuzzRequest.Header("Authorization", TestAuth.OPERATOR_AUTHORIZATION)),
        body == null ? null : body.getBytes(StandardCharsets.UTF_8),
        "finding");
  }

  private static FuzzRequest post(String path, String body) {
    return new FuzzRequest(
        "POST " + path,
        "POST",
        path,
        List.of(new FuzzRequest.Header("Content-Type", "application/json")),
        body.getBytes(StandardCharsets.UTF_8),
        "finding");
  }

  /** Sends {@code request}; a negative {@code status} is an expected success that may write. */
  private void assertRefused(FuzzRequest request, int status, String field) {
    Map<String, String> before = session.settledChecksums();

    FuzzSession.Answer answer = session.send(request);
    if (status < 0) {
      assertThat(answer.status()).as(answer.body()).isEqualTo(-status);
      return;
    }

    assertThat(answer.status()).as(answer.body()).isEqualTo(status);
    assertThat(FuzzSession.problemDefect(status, answer)).isNull();
    assertThat(answer.body()).contains("\"field\":\"" + field + "\"");
    assertThat(session.checksums()).isEqualTo(before);
  }
}
