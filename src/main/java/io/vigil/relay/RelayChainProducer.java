package io.vigil.relay;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.config.VigilConfig;
import io.vigil.relay.chain.HubAbi;
import io.vigil.relay.chain.JsonRpc;
import io.vigil.relay.chain.RelayChain;
import io.vigil.relay.chain.RevertDecoder;
import io.vigil.relay.chain.RpcRelayChain;
import io.vigil.relay.fee.FeeStrategy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.List;

/** Builds the relay's chain access and fee strategy from configuration. */
@ApplicationScoped
public class RelayChainProducer {

  /** Where the hub's ABI may be found, for naming its custom errors in revert reasons. */
  static final String[] HUB_ABI = {
    "contracts/ChannelHub.abi", "contracts/ChannelHub.abi.json", "contracts/ChannelHub.json"
  };

  @Produces
  @ApplicationScoped
  HubAbi hubAbi(ObjectMapper json) {
    return HubAbi.load(json, HUB_ABI);
  }

  @Produces
  @ApplicationScoped
  RelayChain relayChain(VigilConfig config, ObjectMapper json, HubAbi abi) {
    List<String> urls =
        config.chain().rpcUrls().orElse(List.of()).stream().filter(u -> !u.isBlank()).toList();
    return new RpcRelayChain(
        new JsonRpc(urls, config.chain().requestTimeout(), json), RevertDecoder.of(abi));
  }

  @Produces
  @ApplicationScoped
  FeeStrategy feeStrategy(RelayConfig config) {
    RelayConfig.Fees fees = config.fees();
    return new FeeStrategy(
        new FeeStrategy.Policy(
            fees.minPriorityFee(),
            fees.baseFeeMultiplier(),
            fees.urgentPriorityMultiplier(),
            fees.urgencyWindow(),
            fees.bumpPercent(),
            fees.bumpAfter(),
            fees.defaultCeiling(),
            fees.landingMarginPercent()));
  }
}
