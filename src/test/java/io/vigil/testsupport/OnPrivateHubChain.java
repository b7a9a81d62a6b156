package io.vigil.testsupport;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Base of the integration tests that need a chain of their own: a private anvil with a freshly
 * deployed hub, started once before the test class and stopped after it (time may move there
 * without disturbing other tests).
 */
public abstract class OnPrivateHubChain {

  protected static Anvil anvil;
  protected static HubFixture hub;

  @BeforeAll
  static void startPrivateHubChain() {
    anvil = Anvil.start(List.of());
    hub = HubFixture.deploy(anvil);
  }

  @AfterAll
  static void stopPrivateHubChain() {
    hub.chain().close();
    anvil.close();
  }
}
