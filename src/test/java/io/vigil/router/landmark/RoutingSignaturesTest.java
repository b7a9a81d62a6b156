package io.vigil.router.landmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.crypto.PersonalSignatures;
import io.vigil.router.reactive.NodeIdentity;
import io.vigil.router.reactive.RouterConfig;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;

/** The signed text of a ROUTING message, and who a signature names. */
class RoutingSignaturesTest {

  private static final ECKeyPair SENDER =
      ECKeyPair.create(Numeric.toBigInt("0x" + "a1".repeat(32)));
  private static final String SENDER_ADDRESS = "0x" + Keys.getAddress(SENDER.getPublicKey());
  private static final String RECEIVER = "0x" + "b2".repeat(20);
  private static final String ELSEWHERE = "0x" + "c3".repeat(20);

  private static final RoutingMessage MESSAGE =
      new RoutingMessage(
          "Charlie",
          "Alice",
          3,
          List.of(
              new Entry("Bob", "Charlie", List.of("Charlie", "Bob"), Limit.of(10), Limit.UNLIMITED),
              new Entry("Charlie", "Alice", List.of("Charlie"), Limit.of(0), Limit.of(0))));

  private static String sign(byte[] payload) {
    return PersonalSignatures.sign(payload, SENDER);
  }

  @Test
  void shouldWriteEveryFieldOfTheMessageAndBothServersInTheCanonicalText() {
    String text =
        new String(
            RoutingSignatures.payload(SENDER_ADDRESS, RECEIVER, MESSAGE), StandardCharsets.UTF_8);

    assertThat(text)
        .isEqualTo(
            "vigil-landmark-routing/1\n"
                + SENDER_ADDRESS
                + "\n"
                + RECEIVER
                + "\n7:Charlie\n5:Alice\n3\n2\n"
                + "3:Bob 7:Charlie 10 unlimited 2 7:Charlie 3:Bob\n"
                + "7:Charlie 5:Alice 0 0 1 7:Charlie\n");
  }

  @Test
  void shouldRecoverTheSendersAddressWhenTheSignatureIsForThisReceiver() {
    String signature = sign(RoutingSignatures.payload(SENDER_ADDRESS, RECEIVER, MESSAGE));

    assertThat(RoutingSignatures.signer(SENDER_ADDRESS, RECEIVER, MESSAGE, signature))
        .contains(SENDER_ADDRESS);
  }

  @Test
  void shouldRecoverAnotherAddressWhenTheMessageIsReplayedToAnotherServerOrChanged() {
    String signature = sign(RoutingSignatures.payload(SENDER_ADDRESS, RECEIVER, MESSAGE));
    RoutingMessage later = new RoutingMessage(MESSAGE.from(), MESSAGE.to(), 4, MESSAGE.entries());
    RoutingMessage widened =
        new RoutingMessage(
            MESSAGE.from(),
            MESSAGE.to(),
            3,
            List.of(
                new Entry(
                    "Bob", "Charlie", List.of("Charlie", "Bob"), Limit.UNLIMITED, Limit.UNLIMITED),
                MESSAGE.entries().get(1)));

    assertThat(RoutingSignatures.signer(SENDER_ADDRESS, ELSEWHERE, MESSAGE, signature))
        .isPresent()
        .isNotEqualTo(Optional.of(SENDER_ADDRESS));
    assertThat(RoutingSignatures.signer(SENDER_ADDRESS, RECEIVER, later, signature))
        .isNotEqualTo(Optional.of(SENDER_ADDRESS));
    assertThat(RoutingSignatures.signer(SENDER_ADDRESS, RECEIVER, widened, signature))
        .isNotEqualTo(Optional.of(SENDER_ADDRESS));
    assertThat(RoutingSignatures.signer(ELSEWHERE, RECEIVER, MESSAGE, signature))
        .isNotEqualTo(Optional.of(SENDER_ADDRESS));
  }

  @Test
  void shouldKeepNamesApartWhenTheyContainSeparators() {
    RoutingMessage spaced =
        new RoutingMessage(
            "a b", "c", 1, List.of(new Entry("x", "y", List.of("a b"), Limit.of(1), Limit.of(1))));
    RoutingMessage split =
        new RoutingMessage(
            "a", "b c", 1, List.of(new Entry("x", "y", List.of("a b"), Limit.of(1), Limit.of(1))));

    assertThat(RoutingSignatures.payload(SENDER_ADDRESS, RECEIVER, spaced))
        .isNotEqualTo(RoutingSignatures.payload(SENDER_ADDRESS, RECEIVER, split));
  }

  @Test
  void shouldGiveNothingForAMissingOrMalformedSignature() {
    assertThat(RoutingSignatures.signer(SENDER_ADDRESS, RECEIVER, MESSAGE, null)).isEmpty();
    assertThat(RoutingSignatures.signer(SENDER_ADDRESS, RECEIVER, MESSAGE, "0x1234")).isEmpty();
    assertThat(RoutingSignatures.signer(SENDER_ADDRESS, RECEIVER, MESSAGE, "0x" + "00".repeat(65)))
        .isEmpty();
  }

  @Test
  void shouldSignWithTheNodeKeySoThatTheNodeAddressIsRecovered() {
    String key = Numeric.toHexStringWithPrefixZeroPadded(SENDER.getPrivateKey(), 64);
    RouterConfig config =
        (RouterConfig)
            Proxy.newProxyInstance(
                RouterConfig.class.getClassLoader(),
                new Class<?>[] {RouterConfig.class},
                (proxy, method, args) ->
                    method.getName().equals("nodeKey") ? Optional.of(key) : null);
    NodeIdentity identity = new NodeIdentity(config);
    byte[] payload = RoutingSignatures.payload(identity.address(), RECEIVER, MESSAGE);

    assertThat(
            RoutingSignatures.signer(identity.address(), RECEIVER, MESSAGE, identity.sign(payload)))
        .contains(SENDER_ADDRESS);
  }
}
