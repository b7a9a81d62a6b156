package io.vigil.core.health;

import io.vigil.core.config.VigilConfig;
import io.vigil.core.role.ActiveRoles;
import io.vigil.core.role.Role;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * Readiness of the chain connection: up while at least one configured JSON-RPC endpoint answers
 * with the expected chain id. Processes that run only the router role do not need a chain.
 */
@Readiness
@ApplicationScoped
public class ChainRpcHealthCheck implements HealthCheck {

  private final VigilConfig config;
  private final ActiveRoles roles;
  private final List<Web3j> endpoints = new ArrayList<>();

  public ChainRpcHealthCheck(VigilConfig config, ActiveRoles roles) {
    this.config = config;
    this.roles = roles;
    Duration timeout = config.chain().requestTimeout();
    OkHttpClient http =
        new OkHttpClient.Builder().callTimeout(timeout).connectTimeout(timeout).build();
    for (String url : config.chain().rpcUrls().orElse(List.of())) {
      endpoints.add(Web3j.build(new HttpService(url, http)));
    }
  }

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder response = HealthCheckResponse.named("chain-rpc");
    if (!roles.isActive(Role.CHAIN)
        && !roles.isActive(Role.WATCHER)
        && !roles.isActive(Role.RELAY)) {
      return response.up().withData("needed", false).build();
    }
    int reachable = 0;
    Long chainId = null;
    String lastError = "no endpoint configured";
    for (Web3j endpoint : endpoints) {
      try {
        long id = endpoint.ethChainId().send().getChainId().longValueExact();
        if (config.chain().chainId().isPresent() && config.chain().chainId().get() != id) {
          lastError = "endpoint reports chain id " + id;
          continue;
        }
        chainId = id;
        reachable++;
      } catch (IOException | RuntimeException unreachable) {
        lastError = String.valueOf(unreachable.getMessage());
      }
    }
    response.withData("endpoints", endpoints.size()).withData("reachable", reachable);
    if (reachable == 0) {
      return response.down().withData("error", lastError).build();
    }
    return response.up().withData("chainId", chainId).build();
  }
}
