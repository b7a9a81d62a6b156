package io.vigil.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.codegen.SolidityFunctionWrapperGenerator;
import org.web3j.tx.Contract;

/**
 * Recompiles the Solidity sources with the pinned solc-js and regenerates the web3j wrappers into a
 * scratch directory, and fails when anything committed differs: the ABI and bin under
 * src/{main,test}/resources/contracts and the wrappers, all in
 * src/test/java/io/vigil/testsupport/contract. Fix a failure with deploy/contracts/compile.sh and
 * commit the result.
 */
class ContractArtifactsDriftIT {

  private static final Path MAIN_ARTIFACTS = Path.of("src/main/resources/contracts");
  private static final Path TEST_ARTIFACTS = Path.of("src/test/resources/contracts");
  private static final String WRAPPERS = "io.vigil.testsupport.contract";

  @Test
  void shouldMatchCommittedAbiAndBinWhenRecompiledFromSource(@TempDir Path scratch)
      throws Exception {
    Path main = scratch.resolve("main");
    Path test = scratch.resolve("test");

    Process compile =
        new ProcessBuilder(
                "node",
                "src/main/solidity/compile.js",
                "--main-out",
                main.toString(),
                "--test-out",
                test.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(compile.getInputStream().readAllBytes());
    assertThat(compile.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(compile.exitValue()).as(output).isZero();

    assertSameFiles(MAIN_ARTIFACTS, main);
    assertSameFiles(TEST_ARTIFACTS, test);
    assertThat(names(MAIN_ARTIFACTS)).contains("ChannelHub.abi", "ChannelHub.bin");
  }

  @Test
  void shouldMatchCommittedWrappersWhenRegeneratedFromAbi(@TempDir Path scratch) throws Exception {
    // Production code encodes hub calls by hand (core.chain.HubFunctions); every wrapper is a
    // test's.
    regenerate(MAIN_ARTIFACTS, scratch, WRAPPERS);
    regenerate(TEST_ARTIFACTS, scratch, WRAPPERS);

    assertThat(Path.of("src/main/java/io/vigil/core/contract")).doesNotExist();
    assertSameJava(
        Path.of("src/test/java/io/vigil/testsupport/contract"),
        scratch.resolve("io/vigil/testsupport/contract"));
  }

  /** Same options as the generator's command line defaults used by compile.sh. */
  private static void regenerate(Path artifacts, Path out, String packageName) throws Exception {
    for (String abi : names(artifacts)) {
      if (!abi.endsWith(".abi")) {
        continue;
      }
      String name = abi.substring(0, abi.length() - 4);
      new SolidityFunctionWrapperGenerator(
              artifacts.resolve(name + ".bin").toFile(),
              artifacts.resolve(abi).toFile(),
              out.toFile(),
              name,
              packageName,
              true,
              false,
              false,
              Contract.class,
              20,
              false)
          .generate();
    }
  }

  private static void assertSameFiles(Path committed, Path fresh) throws IOException {
    assertThat(names(fresh)).as("artifacts in %s", committed).isEqualTo(names(committed));
    for (String name : names(committed)) {
      assertThat(Files.readString(committed.resolve(name)))
          .as(
              "%s drifted from its source; run deploy/contracts/compile.sh",
              committed.resolve(name))
          .isEqualTo(Files.readString(fresh.resolve(name)));
    }
  }

  private static void assertSameJava(Path committed, Path fresh) throws IOException {
    List<String> generated = names(fresh);
    assertThat(generated).isNotEmpty();
    for (String name : generated) {
      Path file = committed.resolve(name);
      assertThat(file).as("wrapper %s is not committed", file).exists();
      assertThat(Files.readString(file))
          .as("%s drifted; run deploy/contracts/compile.sh", file)
          .isEqualTo(Files.readString(fresh.resolve(name)));
    }
    assertThat(names(committed).stream().filter(n -> !n.equals("package-info.java")).toList())
        .as("wrappers without a contract in %s", committed)
        .isEqualTo(generated);
  }

  private static List<String> names(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(Files::isRegularFile)
          .map(Path::getFileName)
          .map(Path::toString)
          .filter(name -> !name.startsWith("."))
          .sorted()
          .toList();
    }
  }
}
