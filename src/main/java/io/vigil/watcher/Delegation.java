package io.vigil.watcher;

import io.vigil.core.api.channel.SignedStateForm;
import io.vigil.core.api.channel.StateForm;

/**
 * The body of a delegation: a channel's latest co-signed state and the hunter authorization that
 * lets Vigil claim the bounty if it has to dispute. Every field is a string or number as sent; the
 * watcher checks them one by one so a refusal can name the field. The state and its signatures have
 * the wire form every API shares ({@link SignedStateForm}).
 *
 * @param chainId the chain the state is for; must be the chain Vigil follows
 * @param state the co-signed state (its nonce a decimal string; a JSON number is still accepted)
 * @param sigA party A's 65-byte EIP-712 signature of the state (0x hex)
 * @param sigB party B's signature of the state
 * @param hunterAuthorization a party's authorization naming Vigil's hunter address
 */
public record Delegation(
    Long chainId,
    StateForm state,
    String sigA,
    String sigB,
    HunterAuthorization hunterAuthorization)
    implements SignedStateForm {

  /** {@code HunterAuthorization(bytes32 channelId,address hunter)} and its signature. */
  public record HunterAuthorization(String hunter, String signature) {}
}
