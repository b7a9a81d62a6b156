package io.vigil.core.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.exceptions.ClientConnectionException;

class RpcErrorsTest {

  @Test
  void shouldAskForSmallerRangeWhenProviderRefusesLogQuerySize() {
    assertThat(RpcErrors.classify(-32005, "query returned more than 10000 results"))
        .isEqualTo(ErrorClass.RANGE_TOO_LARGE);
    assertThat(RpcErrors.classify(-32602, "eth_getLogs block range is too large, max is 2000"))
        .isEqualTo(ErrorClass.RANGE_TOO_LARGE);
    assertThat(RpcErrors.classify(-32000, "exceed maximum block range: 5000"))
        .isEqualTo(ErrorClass.RANGE_TOO_LARGE);
    assertThat(RpcErrors.classify(-32602, "Log response size exceeded."))
        .isEqualTo(ErrorClass.RANGE_TOO_LARGE);
  }

  @Test
  void shouldRetryWhenProviderIsLimitedOrUnwell() {
    assertThat(RpcErrors.classify(-32005, "limit exceeded")).isEqualTo(ErrorClass.RETRYABLE);
    assertThat(RpcErrors.classify(429, "Too Many Requests")).isEqualTo(ErrorClass.RETRYABLE);
    assertThat(RpcErrors.classify(-32000, "header not found")).isEqualTo(ErrorClass.RETRYABLE);
    assertThat(RpcErrors.classify(-32603, "internal error")).isEqualTo(ErrorClass.RETRYABLE);
    assertThat(RpcErrors.classify(new SocketTimeoutException("timeout")))
        .isEqualTo(ErrorClass.RETRYABLE);
    assertThat(RpcErrors.classify(new IOException("connection refused")))
        .isEqualTo(ErrorClass.RETRYABLE);
    assertThat(RpcErrors.classify(new ClientConnectionException("Invalid response received: 503")))
        .isEqualTo(ErrorClass.RETRYABLE);
  }

  @Test
  void shouldNotRetryWhenRequestItselfIsWrong() {
    assertThat(RpcErrors.classify(3, "execution reverted")).isEqualTo(ErrorClass.FATAL);
    assertThat(RpcErrors.classify(-32000, "nonce too low")).isEqualTo(ErrorClass.FATAL);
    assertThat(RpcErrors.classify(-32000, "insufficient funds for gas * price + value"))
        .isEqualTo(ErrorClass.FATAL);
    assertThat(RpcErrors.classify(-32000, "replacement transaction underpriced"))
        .isEqualTo(ErrorClass.FATAL);
    assertThat(RpcErrors.classify(-32601, "the method eth_foo does not exist"))
        .isEqualTo(ErrorClass.FATAL);
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
