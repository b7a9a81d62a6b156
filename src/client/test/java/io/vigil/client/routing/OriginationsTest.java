package io.vigil.client.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.client.sign.KeySigner;
import io.vigil.core.protocol.Originations;
import io.vigil.core.protocol.PaymentHashes;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The origination a client signs is the one the server verifies: both go through {@link
 * Originations}, the class the server's {@code OriginationResource} recovers the signer with.
 */
class OriginationsTest {

  private static final KeySigner CLIENT = KeySigner.of("0x" + "ee".repeat(32));
  private static final String SERVER = "0x" + "0d".repeat(20);
  private static final String HASH = "0x" + "a1".repeat(32);

  @Test
  void shouldRecoverTheClientFromItsSignatureForThatServer() {
    String text = Originations.text(SERVER, HASH, new BigDecimal("100.50"), 1_767_225_600L);
    String signature = CLIENT.signPersonal(text).hex();

    assertThat(text)
        .isEqualTo("vigil-origination/2\n" + SERVER + "\n" + HASH + "\n100.5\n1767225600");
    assertThat(
            Originations.signer(SERVER, HASH, new BigDecimal("100.5"), 1_767_225_600L, signature))
        .contains(CLIENT.address().hex());
  }

  @Test
  void shouldRecoverAnotherSignerWhenCheckedForAnotherServerOrAmount() {
    String signature =
        CLIENT.signPersonal(Originations.text(SERVER, HASH, BigDecimal.TEN, 1_767_225_600L)).hex();

    assertThat(
            Originations.signer(
                "0x" + "0b".repeat(20), HASH, BigDecimal.TEN, 1_767_225_600L, signature))
        .isPresent()
        .get()
        .isNotEqualTo(CLIENT.address().hex());
    assertThat(Originations.signer(SERVER, HASH, BigDecimal.ONE, 1_767_225_600L, signature))
        .get()
        .isNotEqualTo(CLIENT.address().hex());
  }

  @Test
  void shouldSendAnOriginationTheServerCodeAcceptsAndReadItsOutcome() throws Exception {
    try (FakeRouter server = new FakeRouter("0d");
        RoutingClient client = RoutingClient.create()) {
      OriginationOutcome outcome =
          client.originate(
              RoutingServer.at(server.url()),
              HASH.toUpperCase().replace("0X", "0x"),
              new BigDecimal("100.000"),
              1_767_225_600L,
              CLIENT);

      JsonNode sent = FakeRouter.JSON.readTree(server.originations.getFirst());
      assertThat(sent.get("amount").asText()).isEqualTo("100");
      assertThat(sent.get("hash").asText()).isEqualTo(HASH);
      // the server's own check: the text names the server's address, fetched from it
      assertThat(
              Originations.signer(
                  server.address,
                  sent.get("hash").asText(),
                  new BigDecimal(sent.get("amount").asText()),
                  sent.get("expires").asLong(),
                  sent.get("signature").asText()))
          .contains(sent.get("client").asText())
          .contains(CLIENT.address().hex());
      assertThat(outcome).isInstanceOf(OriginationOutcome.Accepted.class);
      OriginationOutcome.Accepted accepted = (OriginationOutcome.Accepted) outcome;
      assertThat(accepted.amount()).isEqualByComparingTo("101");
      assertThat(accepted.nextHop()).isEqualTo("0x" + "e".repeat(40));
    }
  }

  @Test
  void shouldReportADroppedOriginationWithItsReason() throws Exception {
    try (FakeRouter server = new FakeRouter("0d");
        RoutingClient client = RoutingClient.create()) {
      server.originationAnswer =
          "{\"outcome\":\"dropped\",\"reason\":\"NOT_LOWER\",\"forwardedTo\":[],\"skipped\":[]}";

      OriginationOutcome outcome =
          client.originate(
              RoutingServer.pinned(server.url(), server.address),
              HASH,
              BigDecimal.TEN,
              1_767_225_600L,
              CLIENT);

      assertThat(outcome).isEqualTo(new OriginationOutcome.Dropped(server.url(), "NOT_LOWER"));
      assertThat(outcome.recorded()).isFalse();
    }
  }

  @Test
  void shouldHashASecretWithSha256() {
    // SHA-256 of the empty-free one-byte secret 0x00, a published test vector
    assertThat(PaymentHashes.of(new byte[] {0}))
        .isEqualTo("0x6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
    assertThat(PaymentHashes.of("abc".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("0xba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }
}
