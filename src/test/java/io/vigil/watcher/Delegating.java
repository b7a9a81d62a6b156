package io.vigil.watcher;

import io.vigil.core.channel.ChannelId;
import io.vigil.core.channel.SignedState;
import io.vigil.testsupport.Anvil;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds delegation bodies the way a client does. */
public final class Delegating {

  /** The test hunter: the relay's first test hot key (anvil development account 8). */
  public static final String HUNTER = "0x23618e81e3f5cdf7f54c3d65f7fbc0abf5b21e8f";

  private Delegating() {}

  public static Map<String, Object> body(SignedState signed, String hunterAuthorization) {
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("channelId", signed.state().channelId().hex());
    state.put("nonce", signed.state().nonce());
    state.put("balanceA", signed.state().balanceA().toString());
    state.put("balanceB", signed.state().balanceB().toString());
    Map<String, Object> auth = new LinkedHashMap<>();
    auth.put("hunter", HUNTER);
    auth.put("signature", hunterAuthorization);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("chainId", Anvil.CHAIN_ID);
    body.put("state", state);
    body.put("sigA", signed.signatureA().hex());
    body.put("sigB", signed.signatureB().hex());
    body.put("hunterAuthorization", auth);
    return body;
  }

  static String status(ChannelId id) {
    return "/v1/watcher/channels/" + id.hex();
  }
}
