package io.vigil.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.testsupport.VigilProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Runs every {@code sh} block of docs/walkthrough.md, in order and in one shell, against a freshly
 * started Vigil with all roles and its own anvil, so the walkthrough cannot rot: first the story
 * told with the client CLI ({@code bash src/client/vigil}), then its appendix by hand with cast and
 * curl on a second channel.
 */
class WalkthroughIT {

  private static final Pattern SH_BLOCK = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL);

  @Test
  void shouldRunEveryCommandOfTheWalkthroughSuccessfully() throws Exception {
    String walkthrough = Files.readString(Path.of("docs", "walkthrough.md"));
    List<String> blocks = new ArrayList<>();
    Matcher matcher = SH_BLOCK.matcher(walkthrough);
    while (matcher.find()) {
      blocks.add(matcher.group(1));
    }
    assertThat(blocks).hasSizeGreaterThan(5);
    Path script = Files.createDirectories(Path.of("target", "walkthrough")).resolve("walk.sh");
    Files.writeString(
        script, "set -euo pipefail\n" + String.join("\n", blocks), StandardCharsets.UTF_8);

    // The launcher builds the CLI's jar when it is missing or older than the kit's sources; build
    // it before Vigil starts so the walkthrough's own time is not spent on it.
    long building = System.nanoTime();
    Path buildLog = script.resolveSibling("cli-build.log");
    Process build =
        new ProcessBuilder("bash", "src/client/vigil", "--version")
            .directory(Path.of("").toAbsolutePath().toFile())
            .redirectErrorStream(true)
            .redirectOutput(buildLog.toFile())
            .start();
    boolean built = build.waitFor(10, TimeUnit.MINUTES);
    if (!built) {
      build.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    assertThat(built && build.exitValue() == 0)
        .as("the CLI built:\n%s", Files.readString(buildLog))
        .isTrue();
    System.out.printf(
        "walkthrough: CLI ready in %d ms%n", (System.nanoTime() - building) / 1_000_000);

    try (VigilStack stack = new VigilStack();
        VigilProcess vigil = stack.start("walkthrough", "all")) {
      ProcessBuilder bash =
          new ProcessBuilder("bash", script.toString())
              .directory(Path.of("").toAbsolutePath().toFile())
              .redirectErrorStream(true);
      bash.environment().put("RPC", stack.anvil.rpcUrl());
      bash.environment().put("VIGIL", vigil.baseUrl());
      Process run = bash.start();
      // Drain while it runs: a full pipe would stall the script.
      var drained =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> {
                try {
                  return new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
      boolean finished = run.waitFor(8, TimeUnit.MINUTES);
      if (!finished) {
        run.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      String output = drained.get(30, TimeUnit.SECONDS);
      Files.writeString(script.resolveSibling("walk.log"), output);
      assertThat(finished).as("walkthrough finished in time:\n%s", output).isTrue();
      assertThat(run.exitValue()).as("walkthrough exit code, output:\n%s", output).isZero();
      // The CLI answers pretty-printed JSON, the API compact JSON: each part shows its own.
      assertThat(output)
          .as("the CLI part: the tower's dispute notified, the bounty withdrawn")
          .contains("\"kind\" : \"tower-disputed\"")
          .contains("\"disputedNonce\" : 2")
          .contains("\"withdrawn\" : \"100000000000000000\"");
      assertThat(output)
          .as("the appendix: Vigil's status shows the dispute and the bounty withdrawn")
          .contains("\"disputedNonce\":2")
          .contains("\"bountyWithdrawn\":true");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
