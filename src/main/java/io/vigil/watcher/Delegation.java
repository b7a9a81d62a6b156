package io.vigil.watcher;

/**
 * The body of a delegation: a channel's latest co-signed state and the hunter authorization that
 * lets Vigil claim the bounty if it has to dispute. Every field is a string or number as sent; the
 * watcher checks them one by one so a refusal can name the field.
 *
 * @param chainId the chain the state is for; must be the chain Vigil follows
 * @param state the co-signed state
 * @param sigA party A's 65-byte EIP-712 signature of the state (0x hex)
 * @param sigB party B's signature of the state
 * @param hunterAuthorization a party's authorization naming Vigil's hunter address
 */
public record Delegation(
    Long chainId, State state, String sigA, String sigB, HunterAuthorization hunterAuthorization) {

  /** {@code State(bytes32 channelId,uint64 nonce,uint256 balanceA,uint256 balanceB)}. */
  public record State(String channelId, Long nonce, String balanceA, String balanceB) {}

  /** {@code HunterAuthorization(bytes32 channelId,address hunter)} and its signature. */
  public record HunterAuthorization(String hunter, String signature) {}
}
