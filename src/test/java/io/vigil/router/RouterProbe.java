package io.vigil.router;

import io.vigil.testsupport.RoleProbe;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Test-only endpoint, Kafka consumer and periodic job owned by the router role, used to prove that
 * a role that is off exposes, consumes and runs none of them.
 */
@ApplicationScoped
@jakarta.annotation.security.PermitAll
@Path("/v1/test/router-probe")
public class RouterProbe extends RoleProbe {

  public RouterProbe() {
    super("router.probe");
  }

  @GET
  public String hello() {
    return "router";
  }

  @Incoming("router-probe")
  void consume(String message) {
    countConsumed();
  }
}
