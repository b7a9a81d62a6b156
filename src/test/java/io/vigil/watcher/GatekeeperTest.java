package io.vigil.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.limits.Grant;
import io.vigil.core.limits.RateLimit;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatekeeperTest {

  private static final String CLIENT = "0x" + "aa".repeat(20);
  private static final String OTHER = "0x" + "bb".repeat(20);
  private static final RateLimit RATE = RateLimit.of(Gatekeeper.SCOPE, "delegations", 2.0, 3);
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private final Gatekeeper gatekeeper = new Gatekeeper(null, RATE, 5, 10);

  @Test
  void shouldAdmitAClientsFirstRequestsUpToItsGrantWhenABatchWantsMore() {
    List<String> clients = Arrays.asList(CLIENT, OTHER, null, CLIENT.toUpperCase(), CLIENT);
    Map<String, Grant> grants =
        Map.of(
            CLIENT, new Grant(RATE, CLIENT, 3, 2, 1),
            OTHER, new Grant(RATE, OTHER, 1, 1, 1));

    Gatekeeper.Admission[] admissions = Gatekeeper.assign(clients, grants);

    assertThat(admissions[0]).isInstanceOf(Gatekeeper.Admission.Admitted.class);
    assertThat(admissions[1]).isInstanceOf(Gatekeeper.Admission.Admitted.class);
    assertThat(admissions[2]).isNull();
    assertThat(admissions[3]).isInstanceOf(Gatekeeper.Admission.Admitted.class);
    assertThat(admissions[4])
        .isEqualTo(
            new Gatekeeper.Admission.Refused(
                "the client is over the limit of 2 delegations per second, bursts of 3"
                    + " (watcher.delegations)",
                1));
  }

  @Test
  void shouldRefuseANewChannelWhenTheQuotaIsReached() {
    assertThat(gatekeeper.admitNewChannel(CLIENT, 4))
        .isInstanceOf(Gatekeeper.Admission.Admitted.class);
    assertThat(gatekeeper.admitNewChannel(CLIENT, 5))
        .isInstanceOfSatisfying(
            Gatekeeper.Admission.Refused.class,
            refused ->
                assertThat(refused.reason()).contains("vigil.watcher.max-channels-per-client"));
  }

  @Test
  void shouldRefuseAPendingStateUntilTheOldestExpiresWhenTheCapIsReached() {
    assertThat(gatekeeper.admitPending(9, NOW.plusSeconds(60), NOW))
        .isInstanceOf(Gatekeeper.Admission.Admitted.class);
    assertThat(gatekeeper.admitPending(10, NOW.plusSeconds(60), NOW))
        .isEqualTo(
            new Gatekeeper.Admission.Refused(
                "this watcher holds 10 states for channels not seen on chain yet, its limit"
                    + " (vigil.watcher.max-pending-states); retry once one opens or expires",
                60));
    assertThat(gatekeeper.admitPending(10, NOW.plusSeconds(86_400), NOW))
        .isInstanceOfSatisfying(
            Gatekeeper.Admission.Refused.class,
            refused -> assertThat(refused.retryAfterSeconds()).isEqualTo(3600));
  }
}
