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

  /**
   * Replaces a closing channel's state with a co-signed one of higher nonce, before the deadline.
   */
  public static final String DISPUTE = "dispute";

  /** After the deadline, credits the balances and the closer's bounty. */
  public static final String SETTLE = "settle";

  /** Sends the caller everything credited to it. */
  public static final String WITHDRAW = "withdraw";

  /** A party starts the challenge period with a co-signed state, or the opening one. */
  public static final String CLOSE = "close";

  /** Records a co-signed state's nonce so no close can use an older one. */
  public static final String CHECKPOINT = "checkpoint";

  /** Closes at once with a final state both parties signed. */
  public static final String COOPERATIVE_CLOSE = "cooperativeClose";

  private HubFunctions() {}

  /** The {@code State} tuple: {@code (bytes32 channelId, uint64 nonce, uint256, uint256)}. */
  public static StaticStruct state(
      byte[] channelId, BigInteger nonce, BigInteger balanceA, BigInteger balanceB) {
    return new StaticStruct(
        new Bytes32(channelId), new Uint64(nonce), new Uint256(balanceA), new Uint256(balanceB));
  }
}
