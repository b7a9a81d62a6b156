package io.vigil.core.health;

import io.vigil.core.chain.ChainClient;
import io.vigil.core.config.VigilConfig;
import io.vigil.core.role.ActiveRoles;
import io.vigil.core.role.Role;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the chain connection: up while at least one configured JSON-RPC endpoint answers
 * with the expected chain id. Processes that run only the router role do not need a chain.
 */
@Readiness
@ApplicationScoped
public class ChainRpcHealthCheck implements HealthCheck {

  private final boolean needed;
  private final Optional<Long> expectedChainId;
  private final ChainClient chain;

  public ChainRpcHealthCheck(VigilConfig config, ActiveRoles roles, ChainClient chain) {
    this.needed =
        roles.isActive(Role.CHAIN) || roles.isActive(Role.WATCHER) || roles.isActive(Role.RELAY);
    this.expectedChainId = config.chain().chainId();
    this.chain = chain;
  }

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder response = HealthCheckResponse.named("chain-rpc");
    if (!needed) {
      return response.up().withData("needed", false).build();
    }
    List<Optional<Long>> answers = chain.probeEndpoints();
    int reachable = 0;
    Long chainId = null;
    String lastError = answers.isEmpty() ? "no endpoint configured" : "no endpoint answered";
    for (Optional<Long> answer : answers) {
      if (answer.isEmpty()) {
        continue;
      }
      if (expectedChainId.isPresent() && !expectedChainId.get().equals(answer.get())) {
        lastError = "endpoint reports chain id " + answer.get();
        continue;
      }
      chainId = answer.get();
      reachable++;
    }
    response.withData("endpoints", answers.size()).withData("reachable", reachable);
    if (reachable == 0) {
      return response.down().withData("error", lastError).build();
    }
    return response.up().withData("chainId", chainId).build();
  }
}
