package io.vigil.client.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.client.cli.ExitCodes;
import io.vigil.client.cli.VigilCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.ECKeyPair;

/** The {@code vigil route} commands' JSON answers and exit codes, against fake servers. */
class RouteCommandTest {

  private static final String HASH = "0x" + "a1".repeat(32);

  @TempDir Path home;

  private record Run(int exit, JsonNode json, String err) {}

  private Run cli(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("--home", home.toString(), "--json"));
    all.addAll(List.of(args));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        VigilCli.run(
            new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
    return new Run(exit, FakeRouter.JSON.readTree(out.toString()), err.toString());
  }

  @Test
  void shouldPrintTheSha256PaymentHashOfASecret() throws Exception {
    Run run = cli("route", "hash", "--secret", "0x616263");

    assertThat(run.exit()).isEqualTo(ExitCodes.OK);
    assertThat(run.json().get("hash").asText())
        .isEqualTo("0xba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void shouldExitZeroWithTheLowestRouteAndThreeWhenNoneCameInTime() throws Exception {
    try (FakeRouter b = new FakeRouter("0b");
        FakeRouter c = new FakeRouter("0c")) {
      c.routes.put(
          HASH,
          Map.entry(
              200,
              "{\"hash\":\""
                  + HASH
                  + "\",\"amount\":\"9.5\",\"unit\":\"ETH\",\"nextHop\":\"0x"
                  + "d".repeat(40)
                  + "\",\"expiresAt\":\"2026-12-07T06:00:00Z\"}"));

      Run found = cli("route", "poll", "--hash", HASH, "--server", b.url(), "--server", c.url());
      Run none =
          cli(
              "route",
              "poll",
              "--hash",
              "0x" + "00".repeat(32),
              "--server",
              b.url(),
              "--wait",
              "300ms",
              "--interval",
              "100ms");

      assertThat(found.exit()).isEqualTo(ExitCodes.OK);
      assertThat(found.json().get("best").get("server").asText()).isEqualTo(c.url());
      assertThat(found.json().get("best").get("amount").asText()).isEqualTo("9.5");
      assertThat(found.json().get("answers").get(0).get("answer").asText()).isEqualTo("no-route");
      assertThat(none.exit()).isEqualTo(ExitCodes.RETRYABLE);
      assertThat(none.json().get("best").isNull()).isTrue();
    }
  }

  @Test
  void shouldExitPartialWhenOnlySomeServersRecordTheOrigination() throws Exception {
    try (FakeRouter b = new FakeRouter("0b");
        FakeRouter c = new FakeRouter("0c")) {
      c.originationAnswer = "{\"outcome\":\"dropped\",\"reason\":\"INSUFFICIENT_LIQUIDITY\"}";

      Run run =
          cli(
              "route",
              "originate",
              "--server",
              b.url(),
              "--server",
              c.url(),
              "--hash",
              HASH,
              "--amount",
              "100",
              "--key",
              "0x" + "ee".repeat(32));

      assertThat(run.exit()).isEqualTo(ExitCodes.PARTIAL);
      assertThat(run.json().get("servers").get(0).get("outcome").asText()).isEqualTo("accepted");
      assertThat(run.json().get("servers").get(1).get("reason").asText())
          .isEqualTo("INSUFFICIENT_LIQUIDITY");
    }
  }

  @Test
  void shouldExitMisbehavingWhenABundleIsForgedAndResumeOtherwise() throws Exception {
    try (FakeRouter server = new FakeRouter("0d")) {
      server.add(1, "10");
      Run first = cli("route", "bundles", "--server", server.url());
      server.add(2, "11", ECKeyPair.create(BigInteger.valueOf(0xf1f1f1L)));
      Run forged = cli("route", "bundles", "--server", server.url());

      assertThat(first.exit()).isEqualTo(ExitCodes.OK);
      assertThat(first.json().get("bundles")).hasSize(1);
      assertThat(first.json().get("node").asText()).isEqualTo(server.address);
      assertThat(forged.exit()).isEqualTo(ExitCodes.MISBEHAVING);
      assertThat(forged.json().get("events").get(0).get("kind").asText())
          .isEqualTo("routing-bundle-forged");
      assertThat(forged.json().get("lastSeq").asLong()).isEqualTo(1);
    }
  }
}
