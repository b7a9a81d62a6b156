package io.vigil.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressKindTest {

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    // IPv4
    "127.0.0.1, LOOPBACK",
    "127.255.255.254, LOOPBACK",
    "169.254.169.254, LINK_LOCAL",
    "169.254.0.1, LINK_LOCAL",
    "10.0.0.1, PRIVATE",
    "10.255.255.255, PRIVATE",
    "172.16.0.1, PRIVATE",
    "172.31.255.255, PRIVATE",
    "192.168.1.1, PRIVATE",
    "100.64.0.1, PRIVATE",
    "100.127.255.255, PRIVATE",
    "0.0.0.0, UNSPECIFIED",
    "0.1.2.3, UNSPECIFIED",
    "224.0.0.1, MULTICAST",
    "239.255.255.255, MULTICAST",
    "240.0.0.1, RESERVED",
    "255.255.255.255, RESERVED",
    "192.0.2.10, RESERVED",
    "198.18.0.1, RESERVED",
    "203.0.113.5, RESERVED",
    "8.8.8.8, PUBLIC",
    "172.15.255.255, PUBLIC",
    "172.32.0.1, PUBLIC",
    "100.63.255.255, PUBLIC",
    "100.128.0.1, PUBLIC",
    "192.169.0.1, PUBLIC",
    "169.253.255.255, PUBLIC",
    // IPv6
    "::1, LOOPBACK",
    "::, UNSPECIFIED",
    "fe80::1, LINK_LOCAL",
    "febf::1, LINK_LOCAL",
    "fc00::1, PRIVATE",
    "fd12:3456::1, PRIVATE",
    "fec0::1, PRIVATE",
    "ff02::1, MULTICAST",
    "::7f00:1, RESERVED",
    "2001:db8::1, RESERVED",
    "2001:0:4136:e378::1, RESERVED",
    "100::1, RESERVED",
    "4000::1, RESERVED",
    "2606:4700:4700::1111, PUBLIC",
    "2a00:1450:4001::1, PUBLIC",
    // IPv4 inside IPv6: judged by the IPv4 address they lead to
    "::ffff:127.0.0.1, LOOPBACK",
    "::ffff:169.254.169.254, LINK_LOCAL",
    "64:ff9b::a9fe:a9fe, LINK_LOCAL",
    "64:ff9b::a00:1, PRIVATE",
    "64:ff9b::808:808, PUBLIC",
    "64:ff9b:1::1, PRIVATE",
    "2002:a9fe:a9fe::1, LINK_LOCAL",
    "2002:7f00:1::1, LOOPBACK",
    "2002:808:808::1, PUBLIC",
  })
  void shouldClassifyAnAddressByItsBitsWhenNoLookupIsMade(String literal, AddressKind expected)
      throws UnknownHostException {
    assertThat(AddressKind.of(InetAddress.getByName(literal))).isEqualTo(expected);
  }
}
