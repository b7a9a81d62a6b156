package io.vigil.watcher;

import io.vigil.core.chain.HubFunctions;
import io.vigil.core.config.VigilConfig;
import io.vigil.watcher.persistence.HeldState;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.StaticStruct;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.utils.Numeric;

/** Encodes hub calls with the generated wrapper's function names and struct types. */
@ApplicationScoped
public class HubCallEncoder implements HubCalls {

  private final VigilConfig vigil;

  public HubCallEncoder(VigilConfig vigil) {
    this.vigil = vigil;
  }

  @Override
  public String hub() {
    return vigil
        .chain()
        .hubAddress()
        .map(address -> address.toLowerCase(Locale.ROOT))
        .orElseThrow(() -> new IllegalStateException("vigil.chain.hub-address is not set"));
  }

  @Override
  public String dispute(HeldState state, byte[] hunterAuthorization) {
    StaticStruct s =
        HubFunctions.state(
            Numeric.hexStringToByteArray(state.channelId()),
            BigInteger.valueOf(state.nonce()),
            state.balanceA(),
            state.balanceB());
    return FunctionEncoder.encode(
        new Function(
            HubFunctions.DISPUTE,
            List.of(
                s,
                new DynamicBytes(state.sigA()),
                new DynamicBytes(state.sigB()),
                new DynamicBytes(hunterAuthorization)),
            Collections.<TypeReference<?>>emptyList()));
  }

  @Override
  public String settle(String channelId) {
    return FunctionEncoder.encode(
        new Function(
            HubFunctions.SETTLE,
            List.of(new Bytes32(Numeric.hexStringToByteArray(channelId))),
            Collections.<TypeReference<?>>emptyList()));
  }

  @Override
  public String withdraw() {
    return FunctionEncoder.encode(
        new Function(HubFunctions.WITHDRAW, List.of(), Collections.<TypeReference<?>>emptyList()));
  }
}
