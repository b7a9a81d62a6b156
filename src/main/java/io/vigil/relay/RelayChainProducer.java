package io.vigil.relay;

import io.vigil.core.chain.ChainClient;
import io.vigil.core.chain.HubAbi;
import io.vigil.relay.chain.RelayChain;
import io.vigil.relay.chain.RpcRelayChain;
import io.vigil.relay.fee.FeeStrategy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Builds the relay's chain access and fee strategy from configuration. */
@ApplicationScoped
public class RelayChainProducer {

  @Produces
  @ApplicationScoped
  HubAbi hubAbi() {
    return HubAbi.hub();
  }

  /** The relay's calls go through the one node transport, sharing its endpoints and metrics. */
  @Produces
  @ApplicationScoped
  RelayChain relayChain(ChainClient chain) {
    return new RpcRelayChain(chain.rpc());
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
