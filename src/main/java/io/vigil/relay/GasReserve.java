package io.vigil.relay;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.core.chain.ChainException;
import io.vigil.core.concurrent.PeriodicJob;
import io.vigil.core.role.ActiveRoles;
import io.vigil.core.role.Role;
import io.vigil.relay.chain.RelayChain;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Watches the hot keys' balances: each is exposed in wei and in disputes' worth of gas at the
 * current price, and readiness carries a warning (it stays UP: a relay short of gas can still carry
 * client transactions) when a key cannot pay for the configured number of disputes. Also reports
 * the carrier loop's health.
 */
@Readiness
@ApplicationScoped
public class GasReserve implements HealthCheck, PeriodicJob.Owner {

  private static final Logger LOG = Logger.getLogger(GasReserve.class);

  /** The first check runs shortly after start, once the node answers. */
  private static final Duration FIRST_CHECK = Duration.ofSeconds(1);

  private final RelayConfig.Reserve reserve;
  private final long stalledAfterSeconds;
  private final boolean relayRole;
  private final HotKeys hotKeys;
  private final RelayChain chain;
  private final Carrier carrier;
  private final OutcomePublisher publisher;
  private final MeterRegistry metrics;
  private final Map<String, Double> balances = new ConcurrentHashMap<>();
  private final Map<String, Double> disputesWorth = new ConcurrentHashMap<>();

  public GasReserve(
      RelayConfig config,
      ActiveRoles roles,
      HotKeys hotKeys,
      RelayChain chain,
      Carrier carrier,
      OutcomePublisher publisher,
      MeterRegistry metrics) {
    this.reserve = config.reserve();
    this.stalledAfterSeconds = Math.max(30, config.trackInterval().toSeconds() * 20);
    this.relayRole = roles.isActive(Role.RELAY);
    this.hotKeys = hotKeys;
    this.chain = chain;
    this.carrier = carrier;
    this.publisher = publisher;
    this.metrics = metrics;
  }

  @Override
  public List<PeriodicJob> periodicJobs() {
    return List.of(
        new PeriodicJob("relay.gas-reserve", reserve.checkInterval(), FIRST_CHECK, this::check));
  }

  void check() {
    try {
      RelayChain.FeeMarket market = chain.feeMarket();
      BigInteger perGas = market.nextBaseFee().multiply(BigInteger.TWO).add(market.suggestedTip());
      BigInteger perDispute = perGas.multiply(BigInteger.valueOf(reserve.disputeGas()));
      for (String address : hotKeys.addresses(HotKeys.Use.DISPUTE)) {
        BigInteger balance = chain.balance(address);
        double worth =
            perDispute.signum() == 0 ? Double.MAX_VALUE : balance.divide(perDispute).doubleValue();
        boolean first = !balances.containsKey(address);
        balances.put(address, balance.doubleValue());
        if (first) {
          Gauge.builder("vigil_relay_hot_key_balance_wei", balances, b -> b.get(address))
              .tag("address", address)
              .register(metrics);
          Gauge.builder(
                  "vigil_relay_hot_key_disputes_worth",
                  disputesWorth,
                  d -> d.getOrDefault(address, Double.NaN))
              .tag("address", address)
              .register(metrics);
        }
        // Last: readiness reads this map, and its warning must not come before the gauges exist.
        disputesWorth.put(address, worth);
        if (worth < reserve.disputes()) {
          LOG.warnf(
              "hot key %s holds %s wei: %.0f disputes' worth, below the reserve of %d",
              address, balance, worth, reserve.disputes());
        }
      }
    } catch (ChainException outage) {
      if (!outage.isRetryable()) {
        throw outage;
      }
      LOG.debugf("gas reserve check skipped: %s", outage.getMessage());
    }
  }

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder response = HealthCheckResponse.named("relay");
    if (!relayRole) {
      return response.up().withData("active", false).build();
    }
    response.withData("hotKeys", hotKeys.addresses().size());
    StringBuilder low = new StringBuilder();
    disputesWorth.forEach(
        (address, worth) -> {
          if (worth < reserve.disputes()) {
            low.append(low.isEmpty() ? "" : ", ").append(address);
          }
        });
    if (!low.isEmpty()) {
      response.withData(
          "warning", "gas reserve below " + reserve.disputes() + " disputes' worth: " + low);
    }
    double lag = carrier.lagSeconds();
    response.withData("carrierLagSeconds", (long) lag);
    boolean stalled = lag > stalledAfterSeconds;
    if (!carrier.running() || stalled) {
      return response.down().withData("error", "carrier loop not running").build();
    }
    // A publisher waiting for Kafka lags (its own metric says so) but is not a reason to stop
    // taking requests: outcomes wait in PostgreSQL. A dead publisher thread is.
    response.withData("outboxLagSeconds", (long) publisher.lagSeconds());
    if (!publisher.running()) {
      return response.down().withData("error", "outcome publisher not running").build();
    }
    return response.up().build();
  }
}
