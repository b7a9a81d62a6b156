package io.vigil.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VigilProcessTest {

  private static final String METRICS =
      """
      # HELP http_server_requests_seconds
      # TYPE http_server_requests_seconds summary
      http_server_requests_seconds_count{method="GET",status="200",uri="/messagesByHash/{hash}"} 9493.0
      http_server_requests_seconds_count{method="POST",status="201",uri="/v1/watcher/delegations"} 1292.0
      http_server_requests_seconds_count{method="GET",status="503",uri="/messagesByHash/{hash}"} 7.0
      vigil_relay_sent_total 12.0
      vigil_relay_sent_total_other 99.0
      """;

  @Test
  void shouldReadSamplesWhoseLabelsHoldBraces() {
    assertThat(VigilProcess.sum(METRICS, "http_server_requests_seconds_count", "/messagesByHash"))
        .isEqualTo(9500.0);
    assertThat(
            VigilProcess.sum(
                METRICS, "http_server_requests_seconds_count", "status=\"200\"", "{hash}"))
        .isEqualTo(9493.0);
  }

  @Test
  void shouldReadAMeterWithoutLabelsAndNoOtherMeterStartingWithItsName() {
    assertThat(VigilProcess.sum(METRICS, "vigil_relay_sent_total")).isEqualTo(12.0);
    assertThat(VigilProcess.sum(METRICS, "vigil_relay_sent_total", "status")).isZero();
  }

  @Test
  void shouldSumEverySampleWhenNoFragmentIsGiven() {
    assertThat(VigilProcess.sum(METRICS, "http_server_requests_seconds_count"))
        .isEqualTo(9493.0 + 1292.0 + 7.0);
  }
}
