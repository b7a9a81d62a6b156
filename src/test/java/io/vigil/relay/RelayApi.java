package io.vigil.relay;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;

/** The relay's HTTP API as a client calls it, against the application under test. */
final class RelayApi {

  private RelayApi() {}

  /** POST /v1/relay/transactions. */
  static Response submit(Object body) {
    return given().contentType(ContentType.JSON).body(body).post("/v1/relay/transactions");
  }

  /** POST /v1/relay/states. */
  static Response postState(Object body) {
    return given().contentType(ContentType.JSON).body(body).post("/v1/relay/states");
  }

  /** A checkpoint body; a null signature is left out. */
  static Map<String, Object> checkpoint(
      String channel,
      long nonce,
      BigInteger balanceA,
      BigInteger balanceB,
      String sigA,
      String sigB) {
    Map<String, Object> body = new HashMap<>();
    body.put("action", "checkpoint");
    body.put(
        "state",
        Map.of(
            "channelId",
            channel,
            "nonce",
            String.valueOf(nonce),
            "balanceA",
            balanceA.toString(),
            "balanceB",
            balanceB.toString()));
    if (sigA != null) {
      body.put("sigA", sigA);
    }
    if (sigB != null) {
      body.put("sigB", sigB);
    }
    return body;
  }
}
