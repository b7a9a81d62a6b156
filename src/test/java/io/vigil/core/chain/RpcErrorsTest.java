package io.vigil.core.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.web3j.protocol.exceptions.ClientConnectionException;

/**
 * The classes of failures to get an answer, and the hub's custom errors. What each answer a
 * provider sends is classed as is in {@link RpcFailureTest}.
 */
class RpcErrorsTest {

  static Stream<Throwable> unreachableProviders() {
    return Stream.of(
        new SocketTimeoutException("timeout"),
        new IOException("connection refused"),
        new ClientConnectionException("Invalid response received: 503"));
  }

  @ParameterizedTest
  @MethodSource("unreachableProviders")
  void shouldRetryWhenProviderCannotBeReached(Throwable failure) {
    assertThat(RpcErrors.classify(failure)).isEqualTo(ErrorClass.RETRYABLE);
  }

  @Test
  void shouldNotRetryWhenTheFailureIsABugOnThisSide() {
    assertThat(RpcErrors.classify(new IllegalArgumentException("bug"))).isEqualTo(ErrorClass.FATAL);
  }

  @Test
  void shouldDecodeHubCustomErrorFromRevertData() {
    String data =
        HubError.selector("NonceNotHigher")
            + "0000000000000000000000000000000000000000000000000000000000000003"
            + "0000000000000000000000000000000000000000000000000000000000000005";

    assertThat(HubError.decode(data))
        .hasValueSatisfying(
            error -> {
              assertThat(error.name()).isEqualTo("NonceNotHigher");
              assertThat(error.arguments()).containsExactly("3", "5");
            });
    assertThat(HubError.decode("0x08c379a0")).isEmpty();
  }
}
