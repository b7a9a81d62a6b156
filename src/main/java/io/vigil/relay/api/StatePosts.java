package io.vigil.relay.api;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.vigil.core.api.Problem;
import io.vigil.core.api.ProblemException;
import io.vigil.core.config.VigilConfig;
import io.vigil.core.contract.ChannelHub;
import io.vigil.relay.Carrier;
import io.vigil.relay.HotKeys;
import io.vigil.relay.IntakeLimits;
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
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
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

  private static final BigInteger UINT64_MAX =
      BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
  private static final BigInteger UINT256_MAX =
      BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);

  /** Action name in the API -> hub function and request purpose. */
  private static final Map<String, String[]> ACTIONS =
      Map.of(
          "close", new String[] {ChannelHub.FUNC_CLOSE, "CLOSE"},
          "checkpoint", new String[] {ChannelHub.FUNC_CHECKPOINT, "CHECKPOINT"},
          "cooperativeClose", new String[] {ChannelHub.FUNC_COOPERATIVECLOSE, "COOPERATIVE_CLOSE"});

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
  private final IntakeLimits limits;
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
      IntakeLimits limits,
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
    this.limits = limits;
    this.clock = clock;
  }

  /** Checks, simulates and stores a state post; the carrier sends it. */
  public ClientTransactions.Submitted submit(StateSubmission body) {
    if (body == null) {
      throw ClientTransactions.refuse("body", "missing");
    }
    String[] action = ACTIONS.get(body.action());
    if (action == null) {
      throw ClientTransactions.refuse("action", "must be close, checkpoint or cooperativeClose");
    }
    if (body.state() == null) {
      throw ClientTransactions.refuse("state", "missing");
    }
    byte[] channelId = bytes32(body.state().channelId(), "state.channelId");
    BigInteger nonce = number(body.state().nonce(), "state.nonce", UINT64_MAX);
    BigInteger balanceA = number(body.state().balanceA(), "state.balanceA", UINT256_MAX);
    BigInteger balanceB = number(body.state().balanceB(), "state.balanceB", UINT256_MAX);
    byte[] sigA = signature(body.sigA(), "sigA");
    byte[] sigB = signature(body.sigB(), "sigB");
    String channel = "0x" + HexFormat.of().formatHex(channelId);
    limits.admitStatePost(channel);
    String requestId = "state:" + body.action() + ":" + channel + ":" + nonce;
    var repeat = lookups.find(requestId);
    if (repeat.isPresent()) {
      return new ClientTransactions.Submitted(repeat.get(), false);
    }
    BigInteger channelValue = balanceA.add(balanceB);
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
    String hub = hub();
    String data =
        FunctionEncoder.encode(
            new Function(
                action[0],
                List.of(
                    new ChannelHub.State(channelId, nonce, balanceA, balanceB),
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
                      entityManager
                          .createNativeQuery(
                              "insert into relay_tx (request_id, kind, purpose, sender, target,"
                                  + " data, value, deadline, value_at_stake, channel_id, status,"
                                  + " created_at, updated_at) values (?1, 'OWN', ?2, ?3, ?4, ?5,"
                                  + " 0, 0, ?6, ?7, 'PENDING', ?8, ?8) on conflict do nothing")
                          .setParameter(1, requestId)
                          .setParameter(2, action[1])
                          .setParameter(3, poster)
                          .setParameter(4, hub)
                          .setParameter(5, data)
                          .setParameter(6, stake)
                          .setParameter(7, channel)
                          .setParameter(8, now)
                          .executeUpdate();
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

  private String hub() {
    return vigil
        .chain()
        .hubAddress()
        .map(a -> a.toLowerCase(Locale.ROOT))
        .orElseThrow(
            () ->
                ProblemException.of(
                    Response.Status.SERVICE_UNAVAILABLE,
                    "no-hub",
                    "this relay has no channel hub configured (vigil.chain.hub-address)",
                    null));
  }

  private static byte[] bytes32(String value, String field) {
    if (value == null || !value.matches("0x[0-9a-fA-F]{64}")) {
      throw ClientTransactions.refuse(field, "must be 0x followed by 64 hex digits");
    }
    return HexFormat.of().parseHex(value.substring(2));
  }

  private static BigInteger number(String value, String field, BigInteger max) {
    if (value == null || !value.matches("[0-9]{1,78}")) {
      throw ClientTransactions.refuse(field, "must be a non-negative decimal integer");
    }
    BigInteger number = new BigInteger(value);
    if (number.compareTo(max) > 0) {
      throw ClientTransactions.refuse(field, "is out of range");
    }
    return number;
  }

  private static byte[] signature(String value, String field) {
    if (value == null || value.isEmpty() || value.equals("0x")) {
      return new byte[0];
    }
    if (!value.matches("0x[0-9a-fA-F]{130}")) {
      throw ClientTransactions.refuse(field, "must be a 65-byte signature in 0x hex");
    }
    return HexFormat.of().parseHex(value.substring(2));
  }
}
