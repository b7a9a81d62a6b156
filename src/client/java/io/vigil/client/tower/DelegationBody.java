package io.vigil.client.tower;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.client.http.JsonHttp;
import io.vigil.core.channel.ChannelId;
import io.vigil.core.channel.ChannelState;
import io.vigil.core.channel.SignedState;
import io.vigil.core.crypto.Address;
import io.vigil.core.crypto.Signature;
import java.math.BigInteger;

/**
 * The wire form of one delegation ({@code POST /v1/watcher/delegations}): the co-signed state in
 * the shared form (numbers as decimal strings), both signatures and the delegating party's
 * authorization of one tower's hunter. It is also what the store queues and what a proof quotes.
 */
public final class DelegationBody {

  private DelegationBody() {}

  public static ObjectNode of(
      long chainId, SignedState signed, Address hunter, Signature hunterAuthorization) {
    ObjectNode body = JsonHttp.JSON.createObjectNode();
    body.put("chainId", chainId);
    ObjectNode state = body.putObject("state");
    ChannelState s = signed.state();
    state.put("channelId", s.channelId().hex());
    state.put("nonce", Long.toString(s.nonce()));
    state.put("balanceA", s.balanceA().toString());
    state.put("balanceB", s.balanceB().toString());
    body.put("sigA", signed.signatureA().hex());
    body.put("sigB", signed.signatureB().hex());
    ObjectNode auth = body.putObject("hunterAuthorization");
    auth.put("hunter", hunter.hex());
    auth.put("signature", hunterAuthorization.hex());
    return body;
  }

  /** The state a delegation body carries; {@link IllegalArgumentException} when it has none. */
  public static ChannelState state(JsonNode body) {
    JsonNode state = body.path("state");
    if (!state.isObject()) {
      throw new IllegalArgumentException("the delegation carries no state");
    }
    return ChannelState.of(
        ChannelId.of(state.path("channelId").asText()),
        Long.parseLong(state.path("nonce").asText()),
        new BigInteger(state.path("balanceA").asText()),
        new BigInteger(state.path("balanceB").asText()));
  }
}
