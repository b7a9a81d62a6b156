package io.vigil.watcher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.vigil.core.channel.ChannelId;
import io.vigil.core.channel.ChannelState;
import io.vigil.core.channel.SignedState;
import io.vigil.testsupport.Anvil;
import io.vigil.testsupport.Await;
import io.vigil.testsupport.ChunkedPost;
import io.vigil.testsupport.HubFixture;
import io.vigil.testsupport.ProblemResponses;
import io.vigil.testsupport.TestAuth;
import io.vigil.testsupport.TestInfrastructure;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.Socket;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every refusal of the delegation API: the right 4xx, a problem body naming the field, and the
 * watcher's tables exactly as they were before the request.
 */
@QuarkusTest
@TestProfile(WatchtowerProfile.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DelegationBadInputIT {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String TOO_LARGE_DETAIL = "body: larger than the 65536-byte limit";

  static final String KEY_A = Anvil.DEV_KEYS.get(5);
  static final String KEY_B = Anvil.DEV_KEYS.get(6);
  static final String OUTSIDER = Anvil.DEV_KEYS.get(0);
  static final BigInteger DEPOSIT = HubFixture.ETHER;

  @TestHTTPResource("/v1/watcher/delegations")
  URL delegations;

  private HubFixture driver;
  private ChannelId id;
  private List<SignedState> states;
  private String auth;

  @BeforeEach
  void openChannelAndDelegateNonceFiveOnce() {
    if (driver != null) {
      return;
    }
    driver = HubFixture.attach(TestInfrastructure.get().anvil(), WatchtowerProfile.hub());
    id = driver.open(KEY_A, KEY_B, DEPOSIT, BigInteger.ZERO, 600, BigInteger.ZERO);
    states = driver.payments(id, DEPOSIT, BigInteger.ZERO, BigInteger.TEN.pow(15), 8, KEY_A, KEY_B);
    auth = driver.hunterAuthorization(id, Delegating.HUNTER, KEY_B);
    Await.until(
        "the watcher to learn the channel",
        Duration.ofSeconds(30),
        () -> WatcherQueries.channelKnown(id));
    post(Delegating.body(states.get(4), auth)).statusCode(201);
  }

  @AfterAll
  void close() {
    driver.close();
  }

  @Test
  void shouldRefuseMalformedJson() {
    refused("{\"chainId\": 31337, \"state\": ", 400, "body");
  }

  @Test
  void shouldRefuseAMissingField() {
    Map<String, Object> body = Delegating.body(states.get(6), auth);
    ((Map<?, ?>) body.get("state")).remove("nonce");
    refused(body, 400, "state.nonce");
  }

  @Test
  void shouldRefuseAMissingHunterAuthorization() {
    Map<String, Object> body = Delegating.body(states.get(6), auth);
    body.remove("hunterAuthorization");
    refused(body, 400, "hunterAuthorization");
  }

  @Test
  void shouldRefuseAnOversizedBodyWithATooLargeProblem() {
    Map<String, Object> body = Delegating.body(states.get(6), auth);
    body.put("padding", "x".repeat(70_000));
    List<String> before = WatcherQueries.snapshot();
    // Content-Length announces it: refused before any endpoint code runs (the 64K limit).
    ProblemResponses.assertTooLarge(post(body), TOO_LARGE_DETAIL);
    assertThat(WatcherQueries.snapshot()).isEqualTo(before);
  }

  @Test
  void shouldRefuseAnOversizedChunkedBodyWithATooLargeProblem() throws Exception {
    Map<String, Object> body = Delegating.body(states.get(6), auth);
    body.put("padding", "x".repeat(100_000));
    List<String> before = WatcherQueries.snapshot();

    HttpResponse<String> answer =
        ChunkedPost.send(delegations.toURI(), JSON.writeValueAsString(body), 8_192);

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(413);
    assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode problem = JSON.readTree(answer.body());
    assertThat(problem.path("type").asText()).isEqualTo("urn:vigil:problem:too-large");
    assertThat(problem.path("status").asInt()).isEqualTo(413);
    assertThat(problem.path("field").asText()).isEqualTo("body");
    assertThat(problem.path("detail").asText()).isEqualTo(TOO_LARGE_DETAIL);
    assertThat(WatcherQueries.snapshot()).isEqualTo(before);
  }

  @Test
  void shouldDeliverTheTooLargeProblemToAClientThatSendsItsWholeBodyAnyway() throws Exception {
    int size = 16_000_000;
    List<String> before = WatcherQueries.snapshot();
    String answer;
    try (Socket socket = new Socket(delegations.getHost(), delegations.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /v1/watcher/delegations HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  + "Content-Type: application/json\r\nContent-Length: "
                  + size
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      // The whole body, answer or not. 16 MB is more than the loopback socket buffers hold: were
      // the server to close without reading it off, these writes would fail with a broken pipe.
      byte[] piece = "x".repeat(10_000).getBytes(StandardCharsets.US_ASCII);
      for (int sent = 0; sent < size; sent += piece.length) {
        out.write(piece);
      }
      out.flush();
      answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    assertThat(answer).startsWith("HTTP/1.1 413");
    assertThat(answer.toLowerCase(java.util.Locale.ROOT))
        .contains("content-type: application/problem+json")
        .contains("connection: close");
    JsonNode problem = JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
    assertThat(problem.path("type").asText()).isEqualTo("urn:vigil:problem:too-large");
    assertThat(problem.path("detail").asText()).isEqualTo(TOO_LARGE_DETAIL);
    assertThat(WatcherQueries.snapshot()).isEqualTo(before);
  }

  @Test
  void shouldReadAChunkedBodyWithinTheLimitWhole() throws Exception {
    SignedState held = states.get(4);
    List<String> before = WatcherQueries.snapshot();

    // The held state again, in 64-byte chunks: read whole, it is recognised as a replay.
    HttpResponse<String> answer =
        ChunkedPost.send(
            delegations.toURI(), JSON.writeValueAsString(Delegating.body(held, auth)), 64);

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    JsonNode receipt = JSON.readTree(answer.body());
    assertThat(receipt.path("channelId").asText()).isEqualTo(id.hex());
    assertThat(receipt.path("nonce").asLong()).isEqualTo(held.state().nonce());
    assertThat(WatcherQueries.snapshot()).isEqualTo(before);
  }

  @Test
  void shouldServeClientsThatUpgradeToHttp2WithAndWithoutABody() throws Exception {
    // The JDK's client asks for h2c by default; the body check must leave such requests whole.
    java.net.http.HttpClient http2 =
        java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_2)
            .build();
    for (int i = 0; i < 2; i++) {
      HttpResponse<String> status =
          http2.send(
              java.net.http.HttpRequest.newBuilder(
                      delegations.toURI().resolve(Delegating.status(id)))
                  .header("Authorization", TestAuth.OPERATOR_AUTHORIZATION)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
      assertThat(JSON.readTree(status.body()).path("heldNonce").asLong()).isEqualTo(5);
    }
    HttpResponse<String> replay =
        http2.send(
            java.net.http.HttpRequest.newBuilder(delegations.toURI())
                .header("Content-Type", "application/json")
                .POST(
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(Delegating.body(states.get(4), auth))))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
  }

  @Test
  void shouldRefuseAnUnknownChainId() {
    Map<String, Object> body = Delegating.body(states.get(6), auth);
    body.put("chainId", 1);
    refused(body, 400, "chainId");
  }

  @Test
  void shouldRefuseASignatureThatIsNotHex() {
    Map<String, Object> body = Delegating.body(states.get(6), auth);
    body.put("sigA", "0x1234");
    refused(body, 400, "sigA");
  }

  @Test
  void shouldRefuseASignatureOverOtherBalances() {
    refused(Delegating.body(TamperedStates.oneWeiMoved(states.get(6)), auth), 400, "sigA");
  }

  @Test
  void shouldRefuseSwappedSignatures() {
    SignedState signed = states.get(6);
    SignedState swapped = SignedState.of(signed.state(), signed.signatureB(), signed.signatureA());
    refused(Delegating.body(swapped, auth), 400, "sigA");
  }

  @Test
  void shouldRefuseASignerWhoIsNotAParty() {
    SignedState byOutsider = driver.sign(states.get(6).state(), KEY_A, OUTSIDER);
    refused(Delegating.body(byOutsider, auth), 400, "sigB");
  }

  @Test
  void shouldRefuseAHunterAuthorizationByAnOutsider() {
    String outsiderAuth = driver.hunterAuthorization(id, Delegating.HUNTER, OUTSIDER);
    refused(Delegating.body(states.get(6), outsiderAuth), 400, "hunterAuthorization.signature");
  }

  @Test
  void shouldRefuseAnAuthorizationForAnotherHunter() {
    Map<String, Object> body = Delegating.body(states.get(6), auth);
    ((Map<String, Object>) body.get("hunterAuthorization"))
        .put("hunter", HubFixture.address(OUTSIDER));
    refused(body, 400, "hunterAuthorization.hunter");
  }

  @Test
  void shouldRefuseANonceBelowTheHeldOne() {
    refused(Delegating.body(states.get(2), auth), 409, "state.nonce");
  }

  @Test
  void shouldRefuseADifferentStateWithTheHeldNonce() {
    SignedState other =
        driver.sign(
            ChannelState.of(id, 5, DEPOSIT.subtract(BigInteger.ONE), BigInteger.ONE), KEY_A, KEY_B);
    refused(Delegating.body(other, auth), 409, "state");
  }

  @Test
  void shouldAnswerTheSameReceiptWithoutWritingWhenTheHeldStateIsReplayed() {
    List<String> before = WatcherQueries.snapshot();
    String first = post(Delegating.body(states.get(4), auth)).statusCode(200).extract().asString();
    String second = post(Delegating.body(states.get(4), auth)).statusCode(200).extract().asString();
    assertThat(second).isEqualTo(first);
    assertThat(WatcherQueries.snapshot()).isEqualTo(before);
  }

  @Test
  void shouldRefuseWithRetryAfterWhenAClientExceedsItsRate() {
    String clientAuth = driver.hunterAuthorization(id, Delegating.HUNTER, KEY_A);
    post(Delegating.body(states.get(4), clientAuth)).statusCode(200);
    List<String> before = WatcherQueries.snapshot();
    List<ValidatableResponse> answers =
        java.util.stream.IntStream.range(0, 40)
            .parallel()
            .mapToObj(i -> post(Delegating.body(states.get(4), clientAuth)))
            .toList();
    ValidatableResponse last =
        answers.stream()
            .filter(answer -> answer.extract().statusCode() == 429)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no 429 among 40 requests at once"));
    assertThat(answers)
        .allSatisfy(answer -> assertThat(answer.extract().statusCode()).isIn(200, 429));
    last.statusCode(429)
        .contentType("application/problem+json")
        .header("Retry-After", notNullValue())
        .body("status", equalTo(429));
    assertThat(Long.parseLong(last.extract().header("Retry-After"))).isPositive();
    assertThat(WatcherQueries.snapshot()).isEqualTo(before);
  }

  @Test
  void shouldRefuseANewChannelWithTooManyRequestsWhenTheClientQuotaIsFull() {
    String keyC = Anvil.DEV_KEYS.get(7);
    for (int i = 0; i < 3; i++) {
      ChannelId unknown = ChannelId.of(String.format("0x%064x", 0xC0FFEE00L + i));
      SignedState pending =
          driver.sign(ChannelState.of(unknown, 1, BigInteger.ONE, BigInteger.ZERO), KEY_A, keyC);
      post(Delegating.body(pending, driver.hunterAuthorization(unknown, Delegating.HUNTER, keyC)))
          .statusCode(201);
    }
    ChannelId fourth = ChannelId.of(String.format("0x%064x", 0xC0FFEE10L));
    SignedState over =
        driver.sign(ChannelState.of(fourth, 1, BigInteger.ONE, BigInteger.ZERO), KEY_A, keyC);
    List<String> before = WatcherQueries.snapshot();

    post(Delegating.body(over, driver.hunterAuthorization(fourth, Delegating.HUNTER, keyC)))
        .statusCode(429)
        .header("Retry-After", notNullValue())
        .body("field", equalTo("hunterAuthorization.signature"));

    assertThat(WatcherQueries.snapshot()).isEqualTo(before);
    TestAuth.operator()
        .get(Delegating.status(ChannelId.of(String.format("0x%064x", 0xC0FFEE00L))))
        .then()
        .statusCode(200)
        .body("chainStatus", equalTo("UNKNOWN"))
        .body("pendingUntil", notNullValue());
  }

  @Test
  void shouldRefuseAMalformedChannelIdOnTheStatusEndpoint() {
    TestAuth.operator()
        .get("/v1/watcher/channels/0x1234")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("field", equalTo("channelId"));
  }

  private void refused(Object body, int status, String field) {
    List<String> before = WatcherQueries.snapshot();
    ValidatableResponse response = post(body).statusCode(status);
    response.contentType("application/problem+json").body("field", equalTo(field));
    assertThat(WatcherQueries.snapshot()).isEqualTo(before);
  }

  private static ValidatableResponse post(Object body) {
    return given().contentType(ContentType.JSON).body(body).post("/v1/watcher/delegations").then();
  }
}
