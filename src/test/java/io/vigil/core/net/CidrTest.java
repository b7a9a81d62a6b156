package io.vigil.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

  private static InetAddress ip(String literal) throws UnknownHostException {
    return InetAddress.getByName(literal);
  }

  @Test
  void shouldContainExactlyTheAddressesUnderThePrefixWhenParsed() throws UnknownHostException {
    Cidr range = Cidr.parse("172.16.0.0/12").orElseThrow();

    assertThat(range.contains(ip("172.16.0.0"))).isTrue();
    assertThat(range.contains(ip("172.31.255.255"))).isTrue();
    assertThat(range.contains(ip("172.32.0.0"))).isFalse();
    assertThat(range.contains(ip("172.15.255.255"))).isFalse();
    assertThat(range.contains(ip("::ffff:172.16.0.1"))).as("IPv4-mapped is IPv4").isTrue();
    assertThat(range.contains(ip("fc00::1"))).isFalse();
    assertThat(range).hasToString("172.16.0.0/12");
  }

  @Test
  void shouldMaskHostBitsAndTreatABareAddressAsARangeOfOneWhenParsed() throws UnknownHostException {
    assertThat(Cidr.parse("10.1.2.3/8")).contains(Cidr.parse("10.0.0.0/8").orElseThrow());
    Cidr one = Cidr.parse("127.0.0.1").orElseThrow();
    assertThat(one.contains(ip("127.0.0.1"))).isTrue();
    assertThat(one.contains(ip("127.0.0.2"))).isFalse();
    Cidr v6 = Cidr.parse("fd00::/8").orElseThrow();
    assertThat(v6.contains(ip("fd12::1"))).isTrue();
    assertThat(v6.contains(ip("fc00::1"))).isFalse();
    assertThat(Cidr.parse("::1").orElseThrow().contains(ip("::1"))).isTrue();
    assertThat(Cidr.parse("0.0.0.0/0").orElseThrow().contains(ip("8.8.8.8"))).isTrue();
    assertThat(Cidr.parse("::ffff:10.0.0.1")).contains(Cidr.parse("10.0.0.1/32").orElseThrow());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "10.0.0.0/33",
        "::/129",
        "1.2.3",
        "256.1.1.1",
        "010.0.0.1",
        "10.0.0.0/",
        "10.0.0.0/x",
        "localhost",
        "peer.example",
        "fe80::1%eth0",
        "::ffff:10.0.0.0/104",
        ""
      })
  void shouldRefuseAnythingButAnAddressLiteralWhenParsed(String text) {
    assertThat(Cidr.parse(text)).isEmpty();
  }
}
