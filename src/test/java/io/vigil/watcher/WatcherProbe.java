package io.vigil.watcher;

import io.quarkus.scheduler.Scheduled;
import io.vigil.core.role.RoleSchedule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Test-only endpoint, Kafka consumer and scheduled job owned by the watcher role, used to prove
 * that a role that is off exposes, consumes and runs none of them.
 */
@ApplicationScoped
@jakarta.annotation.security.PermitAll
@Path("/v1/test/watcher-probe")
public class WatcherProbe {

  private final AtomicInteger consumed = new AtomicInteger();
  private final AtomicInteger ticks = new AtomicInteger();

  @GET
  public String hello() {
    return "watcher";
  }

  @Incoming("watcher-probe")
  void consume(String message) {
    consumed.incrementAndGet();
  }

  @Scheduled(identity = "watcher.probe", every = "0.1s", skipExecutionIf = RoleSchedule.class)
  void tick() {
    ticks.incrementAndGet();
  }

  public int consumed() {
    return consumed.get();
  }

  public int ticks() {
    return ticks.get();
  }
}
