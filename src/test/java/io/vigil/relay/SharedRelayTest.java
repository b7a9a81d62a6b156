package io.vigil.relay;

import io.vigil.core.messaging.TransactionOutcome;
import io.vigil.testsupport.Anvil;
import io.vigil.testsupport.Await;
import io.vigil.testsupport.TestInfrastructure;
import java.math.BigInteger;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * What the relay tests on the shared application drive: the shared anvil as a relay client sees it,
 * the relay's request and outcome topics, and the hub of {@link RelayTestProfile}.
 */
abstract class SharedRelayTest {

  /** The address of the relay's hot key (dev key 9). */
  static final String HOT = RelayTestChain.address(Anvil.DEV_KEYS.get(9));

  static final BigInteger GWEI = RelayTestChain.GWEI;

  static RelayTestChain chain;
  static RelayKafka kafka;
  static String hub;

  @BeforeAll
  static void connect() {
    chain = new RelayTestChain(TestInfrastructure.get().anvil());
    kafka = new RelayKafka(TestInfrastructure.get().kafka().bootstrapServers());
    hub = RelayTestProfile.hub();
  }

  @AfterAll
  static void disconnect() {
    kafka.close();
  }

  /**
   * Waits for {@code requestId} to be confirmed, mining a block whenever it is only included (the
   * relay needs two confirmations).
   */
  static TransactionOutcome awaitConfirmed(String what, String requestId, Duration timeout) {
    return Await.value(
        what,
        timeout,
        () -> {
          if (kafka.last(requestId, TransactionOutcome.Status.INCLUDED) != null) {
            chain.anvil().mine(1);
          }
          return kafka.last(requestId, TransactionOutcome.Status.CONFIRMED);
        });
  }
}
