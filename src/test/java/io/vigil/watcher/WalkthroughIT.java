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
 * started Vigil with all roles and its own anvil, so the walkthrough cannot rot.
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

    try (VigilStack stack = new VigilStack();
        VigilProcess vigil = stack.start("walkthrough", "all")) {
      ProcessBuilder bash =
          new ProcessBuilder("bash", script.toString())
              .directory(Path.of("").toAbsolutePath().toFile())
              .redirectErrorStream(true);
      bash.environment().put("RPC", stack.anvil.rpcUrl());
      bash.environment().put("VIGIL", vigil.baseUrl());
      Process run = bash.start();
      boolean finished = run.waitFor(5, TimeUnit.MINUTES);
      String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!finished) {
        run.destroyForcibly();
      }
      Files.writeString(script.resolveSibling("walk.log"), output);
      assertThat(finished).as("walkthrough finished in time:\n%s", output).isTrue();
      assertThat(run.exitValue()).as("walkthrough exit code, output:\n%s", output).isZero();
      assertThat(output).contains("\"disputedNonce\":2").contains("\"bountyWithdrawn\":true");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
