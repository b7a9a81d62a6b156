package io.vigil.router.payinit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vigil.client.cli.VigilCli;
import io.vigil.client.payinit.PaymentInit;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code vigil pay-init} against the routing server under test: send, fetch, refusals. */
@QuarkusTest
class PaymentInitCliIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String AMOUNT = "31337.4242";

  @TestHTTPResource("/")
  URL base;

  @Inject AgroalDataSource dataSource;

  private Party alice;
  private Party bob;
  private Party carol;

  @BeforeEach
  void freshParties() throws SQLException {
    PaymentInitRows.execute(dataSource, "truncate payment_init");
    alice = Party.fresh();
    bob = Party.fresh();
    carol = Party.fresh();
  }

  @Test
  void shouldSendAndFetchThroughTheCli() throws Exception {
    String secret = randomSecret();

    Cli sent =
        cli(
            "pay-init",
            "send",
            "--json",
            "--server",
            server(),
            "--to-pubkey",
            bob.publicKeyHex(),
            "--secret",
            secret,
            "--amount",
            AMOUNT,
            "--key",
            alice.keyHex());

    assertThat(sent.code()).as(sent.err()).isZero();
    JsonNode answer = JSON.readTree(sent.out());
    assertThat(answer.get("recipient").asText()).isEqualTo(bob.address());
    assertThat(answer.get("deliveries")).hasSize(1);
    assertThat(rows()).isEqualTo(1);

    Cli byCarol = cli("pay-init", "fetch", "--json", "--server", server(), "--key", carol.keyHex());
    assertThat(byCarol.code()).as(byCarol.err()).isZero();
    assertThat(JSON.readTree(byCarol.out()).get("paymentInits")).isEmpty();
    assertThat(rows()).isEqualTo(1);

    Cli fetched = cli("pay-init", "fetch", "--json", "--server", server(), "--key", bob.keyHex());
    assertThat(fetched.code()).as(fetched.err()).isZero();
    JsonNode inits = JSON.readTree(fetched.out()).get("paymentInits");
    assertThat(inits).hasSize(1);
    assertThat(inits.get(0).get("secret").asText()).isEqualTo(secret);
    assertThat(inits.get(0).get("amount").asText()).isEqualTo(AMOUNT);
    assertThat(inits.get(0).get("hash").asText()).isEqualTo(PaymentInit.of(secret, AMOUNT).hash());
    assertThat(inits.get(0).get("sender").asText()).isEqualTo(alice.address());
    assertThat(rows()).isZero();

    Cli again = cli("pay-init", "fetch", "--json", "--server", server(), "--key", bob.keyHex());
    assertThat(JSON.readTree(again.out()).get("paymentInits")).isEmpty();

    Cli key = cli("pay-init", "key", "--json", "--key", bob.keyHex());
    assertThat(JSON.readTree(key.out()).get("publicKey").asText()).isEqualTo(bob.publicKeyHex());
  }

  @Test
  void shouldExitRefusedWhenTheCliIsNotLoggedIn() throws Exception {
    Cli refused =
        cli(
            "pay-init",
            "send",
            "--json",
            "--server",
            server(),
            "--audience",
            "another",
            "--to-pubkey",
            bob.publicKeyHex(),
            "--amount",
            AMOUNT,
            "--key",
            alice.keyHex());

    assertThat(refused.code()).isEqualTo(1);
    assertThat(JSON.readTree(refused.out()).at("/error/code").asText()).isEqualTo("unauthorized");
    assertThat(rows()).isZero();
  }

  private record Cli(int code, String out, String err) {}

  private static Cli cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = VigilCli.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Cli(code, out.toString(), err.toString());
  }

  private String server() {
    String url = base.toString();
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private long rows() throws SQLException {
    return PaymentInitRows.count(dataSource);
  }

  private static String randomSecret() {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    return "0x" + HexFormat.of().formatHex(secret);
  }
}
