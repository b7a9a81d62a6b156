package io.vigil.relay;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;

/**
 * The relay tests' application with a small post budget that admits zero-value channels, so the
 * budget, not the minimum channel value, is what stops a flood of state posts; stuck transactions
 * are cancelled after 3 blocks.
 */
public class PostBudgetProfile extends RelayTestProfile {

  /** Fees all state posts may reserve in an hour. */
  static final BigInteger BUDGET = RelayTestChain.ETHER.divide(BigInteger.valueOf(250));

  /** Fees the posts of one channel may reserve in an hour. */
  static final BigInteger PER_CHANNEL = RelayTestChain.ETHER.divide(BigInteger.valueOf(2500));

  static final int STUCK_BLOCKS = 3;

  @Override
  public Map<String, String> getConfigOverrides() {
    Map<String, String> config = new HashMap<>(super.getConfigOverrides());
    config.put("vigil.relay.posts.min-channel-value", "0");
    config.put("vigil.relay.posts.budget-per-hour", BUDGET.toString());
    config.put("vigil.relay.posts.budget-per-channel-per-hour", PER_CHANNEL.toString());
    config.put("vigil.relay.fees.stuck-blocks", String.valueOf(STUCK_BLOCKS));
    return config;
  }
}
