package io.vigil.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.crypto.Address;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalChainIT {

  @Test
  void shouldDeployHubAndPointVigilAtItWhenLocalRunPrepares(@TempDir Path home) throws Exception {
    try (Anvil anvil = Anvil.start(List.of())) {
      Map<String, String> config = LocalChain.prepare(anvil, home);

      Address hub = Address.of(config.get("vigil.chain.hub-address"));
      String code = anvil.rpc("eth_getCode", "[\"" + hub.hex() + "\",\"latest\"]");
      assertThat(code).contains("\"result\":\"0x6080");
      String hunter = config.get("vigil.watcher.hunter-address");
      assertThat(hunter).isEqualTo(HubFixture.address(Anvil.DEV_KEYS.get(8)));
      assertThat(config.get("vigil.relay.hot-keys")).isEqualTo(Anvil.DEV_KEYS.get(8));
      assertThat(LocalChain.describe(home))
          .anySatisfy(line -> assertThat(line).startsWith("Channel hub").contains(hub.hex()))
          .anySatisfy(line -> assertThat(line).startsWith("Hunter").contains(hunter));
    }
  }
}
