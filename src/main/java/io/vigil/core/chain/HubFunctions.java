package io.vigil.core.chain;

import java.math.BigInteger;
import org.web3j.abi.datatypes.StaticStruct;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;

/**
 * Names of the hub's functions that Vigil encodes calls to, and the state tuple they take; {@code
 * HubFunctionsTest} checks both against the committed ABI.
 */
public final class HubFunctions {

  public static final String DISPUTE = "dispute";
  public static final String SETTLE = "settle";
  public static final String WITHDRAW = "withdraw";
  public static final String CLOSE = "close";
  public static final String CHECKPOINT = "checkpoint";
  public static final String COOPERATIVE_CLOSE = "cooperativeClose";

  private HubFunctions() {}

  /** The {@code State} tuple: {@code (bytes32 channelId, uint64 nonce, uint256, uint256)}. */
  public static StaticStruct state(
      byte[] channelId, BigInteger nonce, BigInteger balanceA, BigInteger balanceB) {
    return new StaticStruct(
        new Bytes32(channelId), new Uint64(nonce), new Uint256(balanceA), new Uint256(balanceB));
  }
}
