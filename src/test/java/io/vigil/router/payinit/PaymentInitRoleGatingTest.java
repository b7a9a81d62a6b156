package io.vigil.router.payinit;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.core.concurrent.PeriodicJob;
import io.vigil.core.role.Role;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Payment-initialization delivery belongs to the router role: with the role off, its endpoints
 * answer 404 and its expiry job does not run (the role checks in core look at these names).
 */
class PaymentInitRoleGatingTest {

  @Test
  void shouldBelongToTheRouterRole() {
    assertThat(Role.owning(PaymentInitResource.class)).contains(Role.ROUTER);
    assertThat(Role.owning(PaymentInitStore.class)).contains(Role.ROUTER);
    assertThat(Role.owning(PaymentInitExpiry.class)).contains(Role.ROUTER);
  }

  @Test
  void shouldRunTheExpiryJobOnlyWithTheRouterRole() {
    Duration interval = Duration.ofMinutes(3);
    PaymentInitConfig config =
        (PaymentInitConfig)
            Proxy.newProxyInstance(
                PaymentInitConfig.class.getClassLoader(),
                new Class<?>[] {PaymentInitConfig.class},
                (proxy, method, args) ->
                    switch (method.getName()) {
                      case "expiryInterval" -> interval;
                      case "expiryBatch" -> 10;
                      default -> throw new UnsupportedOperationException(method.getName());
                    });

    List<PeriodicJob> jobs =
        new PaymentInitExpiry(null, Clock.systemUTC(), config, new SimpleMeterRegistry())
            .periodicJobs();

    assertThat(jobs).hasSize(1);
    assertThat(jobs.get(0).name()).isEqualTo("router.payinit-expiry");
    assertThat(jobs.get(0).role()).contains(Role.ROUTER);
    assertThat(jobs.get(0).every()).isEqualTo(interval);
  }
}
