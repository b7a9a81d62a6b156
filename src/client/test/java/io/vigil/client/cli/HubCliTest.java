package io.vigil.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubCliTest {

  private static final String ALICE_KEY =
      "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

  @TempDir Path home;

  record Run(int exit, String out, String err) {
    JsonNode json() throws Exception {
      return new ObjectMapper().readTree(out);
    }
  }

  private Run vigil(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = new String[args.length + 2];
    all[0] = "--home";
    all[1] = home.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    int exit = VigilCli.run(new PrintWriter(out), new PrintWriter(err), all);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void shouldSignAStateAsAnIndependentImplementationDoes() throws Exception {
    Run run =
        vigil(
            "--json",
            "state",
            "sign",
            "--channel",
            "0x" + "ab".repeat(32),
            "--nonce",
            "7",
            "--balance-a",
            "600000000000000000",
            "--balance-b",
            "400000000000000000",
            "--chain-id",
            "31337",
            "--hub",
            "0x5fbdb2315678afecb367f032d93f642f64180aa3",
            "--key",
            ALICE_KEY);
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode json = run.json();
    // The signature Foundry's `cast wallet sign --data` makes for the same typed data.
    assertThat(json.get("signature").asText())
        .isEqualTo(
            "0xdea95b1dd1715d9edbfc559c384c71b98f703f500c27a388d1fa01be69b05cc5"
                + "79fc1ec74ac1b463fcbcf918d95d11ad6cdba1967990cd4cef2208536b5fb1e41b");
    assertThat(json.get("signer").asText()).isEqualTo("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
    assertThat(json.get("type").asText()).isEqualTo("State");
    assertThat(json.get("balanceA").asText()).isEqualTo("600000000000000000");
  }

  @Test
  void shouldRefuseASignatureRequestWithoutChainIdOrNode() {
    Run run =
        vigil(
            "state",
            "sign",
            "--channel",
            "0x" + "ab".repeat(32),
            "--nonce",
            "1",
            "--balance-a",
            "1",
            "--balance-b",
            "1",
            "--hub",
            "0x" + "11".repeat(20),
            "--key",
            ALICE_KEY);
    assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("--chain-id");
  }

  @Test
  void shouldListSubmissionsAndExplainARelayThatRefused() throws Exception {
    HttpServer relay = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    relay.createContext(
        "/v1/relay/",
        exchange -> {
          byte[] body =
              ("{\"requestId\":\"state:checkpoint:0x"
                      + "ab".repeat(32)
                      + ":1\","
                      + "\"status\":\"PENDING\",\"isFinal\":false}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(202, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    relay.start();
    try {
      String url = "http://127.0.0.1:" + relay.getAddress().getPort();
      String sig = "0x" + "11".repeat(32) + "22".repeat(32) + "1b";
      Run submit =
          vigil(
              "--json",
              "relay",
              "submit",
              "--state",
              "--action",
              "checkpoint",
              "--channel",
              "0x" + "ab".repeat(32),
              "--nonce",
              "1",
              "--balance-a",
              "5",
              "--balance-b",
              "5",
              "--sig-a",
              sig,
              "--sig-b",
              sig,
              "--relay",
              url,
              "--no-wait");
      assertThat(submit.exit()).as(submit.err()).isZero();
      assertThat(submit.json().get("status").asText()).isEqualTo("PENDING");

      Run list = vigil("--json", "relay", "status");
      assertThat(list.exit()).isZero();
      JsonNode rows = list.json().get("submissions");
      assertThat(rows).hasSize(1);
      assertThat(rows.get(0).get("requestId").asText())
          .isEqualTo("state:checkpoint:0x" + "ab".repeat(32) + ":1");
      assertThat(rows.get(0).get("relays").asText()).isEqualTo(url);
    } finally {
      relay.stop(0);
    }
  }

  @Test
  void shouldRefuseARawTransactionThatIsNotSigned() {
    Run run = vigil("relay", "submit", "--raw", "0x1234", "--relay", "http://127.0.0.1:9");
    assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("--raw");
  }
}
