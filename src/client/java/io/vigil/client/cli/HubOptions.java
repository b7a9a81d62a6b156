package io.vigil.client.cli;

import io.vigil.client.ErrorCode;
import io.vigil.client.VigilClientException;
import io.vigil.client.chain.ChainReader;
import io.vigil.core.crypto.Address;
import picocli.CommandLine.Option;

/**
 * Where the hub is: the node's JSON-RPC URL ({@code --rpc}, else $VIGIL_RPC), the hub's address
 * ({@code --hub}, else $VIGIL_HUB) and, optionally, the chain id ({@code --chain-id}, else asked
 * from the node).
 */
public final class HubOptions {

  @Option(
      names = "--rpc",
      paramLabel = "URL",
      description = "The chain node's JSON-RPC URL. Default: $VIGIL_RPC.")
  String rpc;

  @Option(
      names = "--hub",
      paramLabel = "0xADDRESS",
      description = "The channel hub's address. Default: $VIGIL_HUB.")
  String hub;

  @Option(
      names = "--chain-id",
      paramLabel = "ID",
      description = "The chain id. Default: asked from the node.")
  Long chainId;

  private ChainReader reader;

  /** A reader of the configured node; a usage error when none is configured. */
  public ChainReader chain() {
    if (reader == null) {
      reader = ChainReader.of(required(rpc, "VIGIL_RPC", "--rpc"));
    }
    return reader;
  }

  public boolean hasRpc() {
    return present(rpc, "VIGIL_RPC");
  }

  public Address hub() {
    String text = required(hub, "VIGIL_HUB", "--hub");
    if (!Address.isValid(text)) {
      throw VigilClientException.of(ErrorCode.USAGE, "--hub is not an address: " + text);
    }
    return Address.of(text);
  }

  /** --chain-id, else the node's. */
  public long chainId() {
    if (chainId != null) {
      if (chainId <= 0) {
        throw VigilClientException.of(ErrorCode.USAGE, "--chain-id must be positive");
      }
      return chainId;
    }
    if (!hasRpc()) {
      throw VigilClientException.of(
          ErrorCode.USAGE, "give --chain-id, or --rpc (or VIGIL_RPC) to ask the node");
    }
    return chain().chainId();
  }

  static boolean present(String value, String env) {
    if (value != null && !value.isBlank()) {
      return true;
    }
    String fromEnv = System.getenv(env);
    return fromEnv != null && !fromEnv.isBlank();
  }

  static String required(String value, String env, String option) {
    if (value != null && !value.isBlank()) {
      return value.trim();
    }
    String fromEnv = System.getenv(env);
    if (fromEnv == null || fromEnv.isBlank()) {
      throw VigilClientException.of(ErrorCode.USAGE, "give " + option + " or set " + env);
    }
    return fromEnv.trim();
  }
}
