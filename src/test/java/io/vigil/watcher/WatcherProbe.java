package io.vigil.watcher;

import io.vigil.testsupport.RoleProbe;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Test-only endpoint, Kafka consumer and periodic job owned by the watcher role, used to prove that
 * a role that is off exposes, consumes and runs none of them.
 */
@ApplicationScoped
@jakarta.annotation.security.PermitAll
@Path("/v1/test/watcher-probe")
public class WatcherProbe extends RoleProbe {

  public WatcherProbe() {
    super("watcher.probe");
  }

  @GET
  public String hello() {
    return "watcher";
  }

  @Incoming("watcher-probe")
  void consume(String message) {
    countConsumed();
  }
}
