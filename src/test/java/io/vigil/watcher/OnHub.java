package io.vigil.watcher;

import io.vigil.core.channel.ChannelId;
import io.vigil.testsupport.Anvil;
import io.vigil.testsupport.Await;
import io.vigil.testsupport.HubFixture;
import io.vigil.testsupport.TestInfrastructure;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.web3j.utils.Numeric;

/**
 * What the watcher's integration tests on the chain share: the anvil node, a driver of the
 * watchtower profile's hub attached for each test, fresh party keys, and opening a channel the
 * watcher has learned of.
 */
abstract class OnHub {

  /** The dev key that pays the deposits of the channels these tests open. */
  static final String PAYER = Anvil.DEV_KEYS.get(9);

  final Anvil anvil = TestInfrastructure.get().anvil();
  final SecureRandom random = new SecureRandom();
  HubFixture driver;

  @BeforeEach
  void attach() {
    driver = HubFixture.attach(anvil, WatchtowerProfile.hub());
  }

  @AfterEach
  void detach() {
    driver.close();
  }

  /** A private key no other test uses. */
  String freshKey() {
    return Numeric.toHexStringWithPrefixZeroPadded(
        new BigInteger(250, random).add(BigInteger.ONE), 64);
  }

  /** Opens a channel (no bounty) and waits until the watcher knows it. */
  ChannelId openWatched(String payer, String party, BigInteger deposit, long challengePeriod) {
    return openWatched(payer, party, deposit, challengePeriod, BigInteger.ZERO);
  }

  /** Opens a channel and waits until the watcher knows it. */
  ChannelId openWatched(
      String payer, String party, BigInteger deposit, long challengePeriod, BigInteger bounty) {
    ChannelId id = driver.open(payer, party, deposit, BigInteger.ZERO, challengePeriod, bounty);
    Await.until(
        "the watcher to learn the channel",
        Duration.ofSeconds(30),
        () -> WatcherQueries.channelKnown(id));
    return id;
  }
}
