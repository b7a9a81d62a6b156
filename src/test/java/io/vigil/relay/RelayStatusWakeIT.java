package io.vigil.relay;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vigil.relay.persistence.StatusRows;
import io.vigil.testsupport.Anvil;
import io.vigil.testsupport.Await;
import io.vigil.testsupport.TestInfrastructure;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.web3j.utils.Numeric;

/**
 * With regular passes too far apart to matter, a client polling the status of its transaction is
 * what brings the carrier to confirm it; once final, the answer comes from the rows the carrier
 * keeps and agrees with PostgreSQL.
 */
@QuarkusTest
@TestProfile(RelayStatusWakeIT.HourlyPasses.class)
class RelayStatusWakeIT {

  /** The relay tests' application with a carrier that, unless woken, passes once an hour. */
  public static class HourlyPasses extends ExtendedRelayTestProfile {
    public HourlyPasses() {
      super(
          """
        vigil.relay.track-interval=1h
        vigil.relay.status-wake-interval=25ms
        """);
    }
  }

  @Inject StatusRows rows;

  @Test
  void shouldConfirmAPolledTransactionWithoutWaitingForTheNextRegularPass() {
    RelayTestChain chain = new RelayTestChain(TestInfrastructure.get().anvil());
    byte[] partner = new byte[20];
    new Random(7).nextBytes(partner);
    String raw =
        chain.signHubCall(
            Anvil.DEV_KEYS.get(3),
            RelayTestProfile.hub(),
            BigInteger.valueOf(1000),
            RelayTestChain.openCall(Numeric.toHexString(partner), 3600, BigInteger.ZERO));
    String requestId =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("raw", raw))
            .post("/v1/relay/transactions")
            .then()
            .statusCode(202)
            .extract()
            .path("requestId");
    chain.anvil().mine(1); // automine put it in a block; this one is its second confirmation
    assertThat(rows.find(requestId).orElseThrow().status).isEqualTo(TxStatus.IN_POOL);

    Await.until(
        "CONFIRMED through status reads",
        Duration.ofSeconds(10),
        () -> "CONFIRMED".equals(RelayApiIT.status(requestId)));

    Map<String, Object> fromMemory =
        given().get("/v1/relay/transactions/" + requestId).then().extract().as(Map.class);
    assertThat(fromMemory)
        .containsEntry("status", "CONFIRMED")
        .containsEntry("isFinal", true)
        .containsEntry("confirmations", 2);
    var stored = rows.find(requestId).orElseThrow();
    assertThat(stored.status).isEqualTo(TxStatus.CONFIRMED);
    assertThat(fromMemory)
        .containsEntry("blockHash", stored.blockHash)
        .containsEntry("txHash", stored.txHash);
  }
}
