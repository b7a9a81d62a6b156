package io.vigil.client.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.client.http.JsonHttp;
import io.vigil.client.hub.States;
import io.vigil.client.sign.Signer;
import io.vigil.core.channel.ChannelState;
import io.vigil.core.crypto.Signature;
import java.math.BigInteger;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The {@code vigil state sign} command: sign a channel state with your key. */
@Command(
    name = "sign",
    mixinStandardHelpOptions = true,
    description = {
      "Sign a channel state (EIP-712, under the hub's domain) with your key.",
      "With --final, sign it as the FinalState a cooperative close needs."
    })
public final class StateSignCommand extends KitCommand implements Callable<Integer> {

  @Mixin KeyOption key;
  @Mixin HubOptions hub;

  @Option(names = "--channel", required = true, paramLabel = "0xID")
  String channel;

  @Option(names = "--nonce", required = true)
  long nonce;

  @Option(names = "--balance-a", required = true, paramLabel = "WEI")
  BigInteger balanceA;

  @Option(names = "--balance-b", required = true, paramLabel = "WEI")
  BigInteger balanceB;

  @Option(names = "--final", description = "Sign a FinalState (cooperative close).")
  boolean finalState;

  @Override
  public Integer call() {
    ChannelState state =
        ChannelState.of(ChannelCommand.channelId(channel), nonce, balanceA, balanceB);
    long chainId = hub.chainId();
    States states = States.forHub(chainId, hub.hub());
    Signer signer = key.signer();
    Signature signature = finalState ? states.signFinal(state, signer) : states.sign(state, signer);
    ObjectNode json = JsonHttp.JSON.createObjectNode();
    json.put("channelId", state.channelId().hex());
    json.put("nonce", state.nonce());
    json.put("balanceA", state.balanceA().toString());
    json.put("balanceB", state.balanceB().toString());
    json.put("type", finalState ? "FinalState" : "State");
    json.put("chainId", chainId);
    json.put("hub", states.domain().verifyingContract().hex());
    json.put("signer", signer.address().hex());
    json.put("signature", signature.hex());
    output().result(json, signature.hex());
    return ExitCodes.OK;
  }
}
