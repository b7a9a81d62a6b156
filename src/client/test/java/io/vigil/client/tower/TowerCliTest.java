package io.vigil.client.tower;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.client.cli.ExitCodes;
import io.vigil.client.cli.VigilCli;
import io.vigil.client.http.JsonHttp;
import io.vigil.core.channel.SignedState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tower and state commands of the CLI against fake towers. */
class TowerCliTest {

  @TempDir Path home;
  final List<FakeTower> towers = new ArrayList<>();
  String lastOut;
  String lastErr;

  @AfterEach
  void stop() {
    towers.forEach(FakeTower::close);
  }

  FakeTower tower(FakeTower.Mode mode) {
    FakeTower tower = FakeTower.start(mode);
    towers.add(tower);
    return tower;
  }

  int vigil(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(List.of("--home", home.toString(), "--json"));
    all.addAll(List.of(args));
    int code = VigilCli.run(new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
    lastOut = out.toString();
    lastErr = err.toString();
    return code;
  }

  JsonNode json() throws Exception {
    return JsonHttp.JSON.readTree(lastOut);
  }

  int delegate(long nonce) {
    SignedState signed = TowersTest.signed(nonce);
    return vigil(
        "state", "delegate",
        "--channel", TowersTest.CHANNEL.hex(),
        "--nonce", Long.toString(nonce),
        "--balance-a", signed.state().balanceA().toString(),
        "--balance-b", signed.state().balanceB().toString(),
        "--sig-a", signed.signatureA().hex(),
        "--sig-b", signed.signatureB().hex(),
        "--key", TowersTest.KEY_A);
  }

  @Test
  void shouldDelegateToEveryTowerAndListTheReceipts() throws Exception {
    FakeTower one = tower(FakeTower.Mode.CORRECT);
    FakeTower two = tower(FakeTower.Mode.CORRECT);
    assertThat(vigil("tower", "add", one.url())).isEqualTo(ExitCodes.OK);
    assertThat(json().path("pinned").path("receiptSigner").asText())
        .isEqualTo(one.receiptSigner().hex());
    assertThat(vigil("tower", "add", two.url())).isEqualTo(ExitCodes.OK);

    assertThat(delegate(3)).isEqualTo(ExitCodes.OK);
    assertThat(json().path("result").asText()).isEqualTo("ok");
    assertThat(json().path("acknowledged").asInt()).isEqualTo(2);

    assertThat(vigil("state", "receipts", TowersTest.CHANNEL.hex())).isEqualTo(ExitCodes.OK);
    assertThat(json().path("receipts")).hasSize(2);
    assertThat(vigil("state", "coverage", TowersTest.CHANNEL.hex())).isEqualTo(ExitCodes.OK);
    assertThat(json().path("holdingLatest").asInt()).isEqualTo(2);
    assertThat(json().path("latestNonce").asLong()).isEqualTo(3);
  }

  @Test
  void shouldExitPartialWhenATowerIsDownAndDeliverOnRetry() throws Exception {
    FakeTower up = tower(FakeTower.Mode.CORRECT);
    FakeTower busy = tower(FakeTower.Mode.BUSY);
    vigil("tower", "add", up.url());
    vigil("tower", "add", busy.url());

    assertThat(delegate(4)).isEqualTo(ExitCodes.PARTIAL);
    assertThat(json().path("queued").asInt()).isEqualTo(1);
    assertThat(vigil("tower", "list")).isEqualTo(ExitCodes.OK);
    assertThat(json().path("towers").findValuesAsText("state"))
        .containsExactlyInAnyOrder("REACHABLE", "UNREACHABLE");
    assertThat(vigil("state", "coverage", TowersTest.CHANNEL.hex())).isEqualTo(ExitCodes.OK);
    assertThat(json().path("warnings").toString()).contains("only one tower holds nonce 4");

    busy.mode = FakeTower.Mode.CORRECT;
    assertThat(vigil("tower", "retry", busy.url())).isEqualTo(ExitCodes.OK);
    assertThat(busy.received).hasSize(2);
    assertThat(up.received).hasSize(1);
  }

  @Test
  void shouldExitMisbehavingAndKeepAProofThatVerifies() throws Exception {
    FakeTower liar = tower(FakeTower.Mode.OTHER_NONCE);
    vigil("tower", "add", liar.url());

    assertThat(delegate(5)).isEqualTo(ExitCodes.MISBEHAVING);
    assertThat(vigil("tower", "proof", "show", liar.url())).isEqualTo(ExitCodes.OK);
    Path file = home.resolve("proof.json");
    Files.writeString(file, json().path("proofs").get(0).toString());

    assertThat(vigil("tower", "proof", "verify", file.toString())).isEqualTo(ExitCodes.OK);
    assertThat(json().path("misbehaviour").asBoolean()).isTrue();
    assertThat(json().path("signedByTower").asBoolean()).isTrue();

    assertThat(vigil("tower", "remove", liar.url())).isEqualTo(ExitCodes.OK);
    assertThat(vigil("tower", "remove", liar.url())).isEqualTo(ExitCodes.REFUSED);
    assertThat(json().path("error").path("code").asText()).isEqualTo("not-found");
  }

  @Test
  void shouldRefuseADelegationWithoutTowers() throws Exception {
    assertThat(delegate(1)).isEqualTo(ExitCodes.USAGE);
    assertThat(json().path("error").path("detail").asText()).contains("vigil tower add");
  }
}
