package io.vigil.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real anvil dev chain, the pinned binary that the build installs from npm, on a free loopback
 * port. Blocks are mined per transaction unless a test asks otherwise.
 */
public final class Anvil implements AutoCloseable {

  /** Chain id of every anvil started here. */
  public static final long CHAIN_ID = 31337;

  /** anvil's well-known development mnemonic accounts (public test keys, never used for value). */
  public static final List<String> DEV_KEYS =
      List.of(
          "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
          "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
          "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
          "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
          "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
          "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
          "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
          "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
          "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
          "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6");

  private final Process process; // null when attached to an anvil another class loader started
  private final int port;
  private final Path states; // where this anvil persists old states; null when attached
  private final HttpClient http = HttpClient.newHttpClient();

  private Anvil(Process process, int port, Path states) {
    this.process = process;
    this.port = port;
    this.states = states;
  }

  /**
   * The anvil binary installed by {@code npm ci} (package {@code @foundry-rs/anvil-linux-amd64}).
   */
  public static Path binary() {
    return NodeTools.binary("anvil");
  }

  /** A handle on an anvil started elsewhere in this JVM; closing it leaves the chain running. */
  static Anvil attach(int port) {
    return new Anvil(null, port, null);
  }

  public int port() {
    return port;
  }

  public static Anvil start(List<String> extraArgs) {
    return start(Ports.free(), extraArgs);
  }

  /** Starts a chain on a given loopback port (e.g. a fresh chain where a closed one was). */
  public static Anvil start(int port, List<String> extraArgs) {
    // Anvil moves old states out of memory to disk as its chain grows, by default under the
    // user's ~/.foundry, where they outlive it (gigabytes for a long chain). Each chain gets its
    // own folder instead, removed when it is closed.
    Path states;
    try {
      states = Files.createTempDirectory("vigil-anvil-states");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> command = new ArrayList<>();
    command.add(binary().toString());
    command.addAll(
        List.of(
            "--host",
            "127.0.0.1",
            "--port",
            String.valueOf(port),
            "--chain-id",
            String.valueOf(CHAIN_ID),
            "--silent",
            "--cache-path",
            states.toString()));
    command.addAll(extraArgs);
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      Anvil anvil = new Anvil(process, port, states);
      Await.until(
          "anvil to answer on port " + port,
          Duration.ofSeconds(20),
          () -> {
            if (!process.isAlive()) {
              throw new IllegalStateException("anvil exited with " + process.exitValue());
            }
            return anvil.rpc("eth_chainId", "[]").contains("result");
          });
      return anvil;
    } catch (IOException e) {
      deleteStates(states);
      throw new UncheckedIOException("anvil did not start: " + command, e);
    }
  }

  /** The folder where this chain persists old states, removed when it is closed. */
  Path statesFolder() {
    return states;
  }

  public String rpcUrl() {
    return "http://127.0.0.1:" + port;
  }

  public String wsUrl() {
    return "ws://127.0.0.1:" + port;
  }

  public long pid() {
    if (process == null) {
      throw new IllegalStateException("attached anvil: its process belongs to another handle");
    }
    return process.pid();
  }

  /** Sends one raw JSON-RPC call and returns the raw JSON answer. */
  public String rpc(String method, String paramsJson) {
    String body =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\""
            + method
            + "\",\"params\":"
            + paramsJson
            + "}";
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(rpcUrl()))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return HttpExchanges.sendForText(http, request).body();
  }

  /** Mines {@code blocks} blocks at once. */
  public void mine(int blocks) {
    rpc("anvil_mine", "[\"0x" + Integer.toHexString(blocks) + "\"]");
  }

  /** Moves the chain's clock forward; the next mined block carries the new time. */
  public void increaseTime(long seconds) {
    rpc("evm_increaseTime", "[" + seconds + "]");
  }

  public void setAutomine(boolean on) {
    rpc("evm_setAutomine", "[" + on + "]");
  }

  @Override
  public void close() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!process.isAlive()) {
      deleteStates(states);
    }
  }

  private static void deleteStates(Path folder) {
    try (Stream<Path> paths = Files.walk(folder)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // Left for the system's temporary-file cleanup.
    }
  }
}
