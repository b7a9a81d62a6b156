package io.vigil.relay.api;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.vigil.core.api.Problem;
import io.vigil.core.api.ProblemException;
import io.vigil.core.api.channel.StateFields;
import io.vigil.core.chain.HubFunctions;
import io.vigil.core.channel.ChannelState;
import io.vigil.core.config.VigilConfig;
import io.vigil.core.crypto.Signature;
import io.vigil.core.limits.RateLimit;
import io.vigil.core.limits.RateLimiter;
import io.vigil.core.persistence.NativeSql;
import io.vigil.relay.Carrier;
import io.vigil.relay.HotKeys;
import io.vigil.relay.PostBudget;
import io.vigil.relay.RelayConfig;
import io.vigil.relay.RelayLedger;
import io.vigil.relay.chain.RelayChain;
import io.vigil.relay.chain.RelayChain.CallSpec;
import io.vigil.relay.chain.RelayChain.FeeMarket;
import io.vigil.relay.chain.RelayChain.Simulation;
import io.vigil.relay.fee.FeeStrategy;
import io.vigil.relay.fee.Fees;
import io.vigil.relay.persistence.RelayTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.core.Response;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;

/**
 * Posts co-signed channel states (close, checkpoint, cooperative close) from a post key, never from
 * a dispute key. The call is simulated first, so a state the hub would refuse (bad signature, stale
 * nonce, wrong balances) is answered with the hub's reason and nothing is stored. A channel worth
 * less than {@code posts.min-channel-value} is not posted, and each post reserves its whole fee
 * ceiling from the post budget ({@link PostBudget}) before it is stored. One request per (action,
 * channel, nonce): a repeat gets the stored request back.
 */
@ApplicationScoped
public class StatePosts {

  /** Action name in the API -> hub function and request purpose. */
  private static final Map<String, String[]> ACTIONS =
      Map.of(
          "close", new String[] {HubFunctions.CLOSE, "CLOSE"},
          "checkpoint", new String[] {HubFunctions.CHECKPOINT, "CHECKPOINT"},
          "cooperativeClose", new String[] {HubFunctions.COOPERATIVE_CLOSE, "COOPERATIVE_CLOSE"});

  private final RelayConfig config;
  private final VigilConfig vigil;
  private final HotKeys hotKeys;
  private final RelayChain chain;
  private final RelayLedger ledger;
  private final Carrier carrier;
  private final EntityManager entityManager;
  private final ClientTransactions lookups;
  private final FeeStrategy fees;
  private final PostBudget budget;
  private final RateLimiter limiter;

  /** State posts per channel, shared by every relay replica; refused before storing. */
  private final RateLimit perChannel;

  private final Clock clock;

  public StatePosts(
      RelayConfig config,
      VigilConfig vigil,
      HotKeys hotKeys,
      RelayChain chain,
      RelayLedger ledger,
      Carrier carrier,
      EntityManager entityManager,
      ClientTransactions lookups,
      FeeStrategy fees,
      PostBudget budget,
      RateLimiter limiter,
      Clock clock) {
    this.config = config;
    this.vigil = vigil;
    this.hotKeys = hotKeys;
    this.chain = chain;
    this.ledger = ledger;
    this.carrier = carrier;
    this.entityManager = entityManager;
    this.lookups = lookups;
    this.fees = fees;
    this.budget = budget;
    this.limiter = limiter;
    RelayConfig.Posts posts = config.posts();
    this.perChannel =
        RateLimit.of("relay.states", "state posts", posts.ratePerChannel(), posts.burstPerChannel())
            .refusing("the channel", "state.channelId");
    this.clock = clock;
  }

  /** Checks, simulates and stores a state post; the carrier sends it. */
  public ClientTransactions.Submitted submit(StateSubmission body) {
    if (body == null) {
      throw ClientTransactions.refuse("body", "missing");
    }
    // Map.of refuses a null key: a body without "action" must be a 400, not a NullPointerException.
    String[] action = body.action() == null ? null : ACTIONS.get(body.action());
    if (action == null) {
      throw ClientTransactions.refuse("action", "must be close, checkpoint or cooperativeClose");
    }
    ChannelState state = StateFields.state(body.state(), "state");
    byte[] sigA = signature(body.sigA(), "sigA");
    byte[] sigB = signature(body.sigB(), "sigB");
    String channel = state.channelId().hex();
    limiter.admit(perChannel, channel);
    String requestId = "state:" + body.action() + ":" + channel + ":" + state.nonce();
    var repeat = lookups.find(requestId);
    if (repeat.isPresent()) {
      return new ClientTransactions.Submitted(repeat.get(), false);
    }
    BigInteger channelValue = state.total();
    BigInteger minimum = config.posts().minChannelValue();
    if (channelValue.compareTo(minimum) < 0) {
      throw new ProblemException(
          new Problem(
              "urn:vigil:problem:not-worth-posting",
              "Unprocessable Content",
              422,
              "state: the channel holds "
                  + channelValue
                  + " wei (balanceA + balanceB), below this relay's minimum of "
                  + minimum
                  + " wei for state posts",
              "state"));
    }
    String poster = poster();
    String hub = ClientTransactions.hub(vigil);
    String data =
        FunctionEncoder.encode(
            new Function(
                action[0],
                List.of(
                    HubFunctions.state(
                        state.channelId().toBytes(),
                        BigInteger.valueOf(state.nonce()),
                        state.balanceA(),
                        state.balanceB()),
                    new DynamicBytes(sigA),
                    new DynamicBytes(sigB)),
                List.of()));
    CallSpec call = CallSpec.of(poster, hub, data, BigInteger.ZERO);
    Simulation simulated = chain.simulate(call, "pending");
    if (simulated instanceof Simulation.Success) {
      simulated = chain.estimateGas(call);
    }
    if (simulated instanceof Simulation.Reverted reverted) {
      throw new ProblemException(
          new Problem(
              "urn:vigil:problem:would-revert",
              "Unprocessable Content",
              422,
              "state: the hub would refuse it: " + reverted.reason(),
              "state"));
    }
    long gasLimit =
        FeeStrategy.gasLimit(
            ((Simulation.Success) simulated).gas(), config.fees().gasMarginPercent());
    Instant now = clock.instant();
    FeeMarket market = chain.feeMarket();
    Fees priced =
        fees.initial(
            new FeeStrategy.Inputs(
                market.nextBaseFee(), market.suggestedTip(), 0, now, null, gasLimit));
    // The post reserves what it may pay at most; the carrier never pays more than that.
    BigInteger stake = priced.maxCost(gasLimit);
    if (fees.landing(stake, gasLimit, market.nextBaseFee())
        instanceof FeeStrategy.Landing.CannotLand cannot) {
      throw new ProblemException(
          new Problem(
              "urn:vigil:problem:unpriceable",
              "Unprocessable Content",
              422,
              "state: " + cannot.reason(stake, gasLimit, market.nextBaseFee()),
              "state"));
    }
    boolean created =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  budget.admit(channel, stake, now);
                  int inserted =
                      NativeSql.update(
                          entityManager,
                          "insert into relay_tx (request_id, kind, purpose, sender, target, data,"
                              + " value, deadline, value_at_stake, channel_id, status, created_at,"
                              + " updated_at) values (?1, 'OWN', ?2, ?3, ?4, ?5, 0, 0, ?6, ?7,"
                              + " 'PENDING', ?8, ?8) on conflict do nothing",
                          requestId,
                          action[1],
                          poster,
                          hub,
                          data,
                          stake,
                          channel,
                          now);
                  if (inserted == 1) {
                    ledger.queue(RelayTransaction.findById(requestId));
                  }
                  return inserted == 1;
                });
    carrier.wake();
    return new ClientTransactions.Submitted(lookups.find(requestId).orElseThrow(), created);
  }

  private String poster() {
    List<String> posters = hotKeys.addresses(HotKeys.Use.STATE_POST);
    if (posters.isEmpty()) {
      throw ProblemException.of(
          Response.Status.SERVICE_UNAVAILABLE,
          "no-post-key",
          "this relay has no key to post states with (vigil.relay.post-keys)",
          null);
    }
    return posters.get(0);
  }

  /** The signature's bytes; none (empty) when missing, as for a close at nonce 0. */
  private static byte[] signature(String value, String field) {
    return StateFields.optionalSignature(value, field)
        .map(Signature::toBytes)
        .orElseGet(() -> new byte[0]);
  }
}
