package io.vigil.core.net;

import java.net.InetAddress;

/**
 * What kind of network an IP address belongs to, from its bits alone (no lookup). Everything but
 * {@link #PUBLIC} is refused as a destination unless allow-listed. Addresses that carry an IPv4
 * address inside an IPv6 one (IPv4-mapped, NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}) are
 * judged by the IPv4 address they lead to.
 */
public enum AddressKind {
  /** Globally routable unicast. */
  PUBLIC("public"),
  /** 127.0.0.0/8, ::1. */
  LOOPBACK("loopback"),
  /** 169.254.0.0/16 (cloud metadata services live at 169.254.169.254), fe80::/10. */
  LINK_LOCAL("link-local"),
  /**
   * 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, shared 100.64.0.0/10, unique local fc00::/7,
   * site-local fec0::/10, local-use NAT64 64:ff9b:1::/48.
   */
  PRIVATE("private"),
  /** 0.0.0.0/8 ("this network"), ::. */
  UNSPECIFIED("unspecified"),
  /** 224.0.0.0/4, ff00::/8. */
  MULTICAST("multicast"),
  /**
   * Special-purpose ranges no server is reached at: 192.0.0.0/24, the documentation and benchmark
   * ranges, 240.0.0.0/4 (with the broadcast address), IPv4-compatible ::/96, Teredo 2001::/32,
   * discard 100::/64, and IPv6 outside 2000::/3.
   */
  RESERVED("reserved");

  private final String tag;

  AddressKind(String tag) {
    this.tag = tag;
  }

  /** The lower-case name used in refusals and metric tags. */
  public String tag() {
    return tag;
  }

  public static AddressKind of(InetAddress address) {
    byte[] bytes = address.getAddress();
    return bytes.length == 4 ? ofIpv4(bytes, 0) : ofIpv6(bytes);
  }

  private static AddressKind ofIpv4(byte[] bytes, int at) {
    int a = bytes[at] & 0xff;
    int b = bytes[at + 1] & 0xff;
    int c = bytes[at + 2] & 0xff;
    if (a == 0) {
      return UNSPECIFIED;
    }
    if (a == 127) {
      return LOOPBACK;
    }
    if (a == 169 && b == 254) {
      return LINK_LOCAL;
    }
    if (a == 10 || (a == 172 && (b & 0xf0) == 16) || (a == 192 && b == 168)) {
      return PRIVATE;
    }
    if (a == 100 && (b & 0xc0) == 64) {
      return PRIVATE;
    }
    if (a >= 224 && a < 240) {
      return MULTICAST;
    }
    if (a >= 240
        || (a == 192 && b == 0 && (c == 0 || c == 2))
        || (a == 198 && (b & 0xfe) == 18)
        || (a == 198 && b == 51 && c == 100)
        || (a == 203 && b == 0 && c == 113)) {
      return RESERVED;
    }
    return PUBLIC;
  }

  private static AddressKind ofIpv6(byte[] bytes) {
    if (zeros(bytes, 0, 15)) {
      int last = bytes[15] & 0xff;
      return last == 0 ? UNSPECIFIED : last == 1 ? LOOPBACK : RESERVED;
    }
    if (zeros(bytes, 0, 10) && (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff) {
      return ofIpv4(bytes, 12); // IPv4-mapped ::ffff:a.b.c.d
    }
    if (zeros(bytes, 0, 12)) {
      return RESERVED; // IPv4-compatible ::a.b.c.d, deprecated
    }
    int first = ((bytes[0] & 0xff) << 8) | (bytes[1] & 0xff);
    int second = ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff);
    if (first == 0x0064 && second == 0xff9b) {
      int third = ((bytes[4] & 0xff) << 8) | (bytes[5] & 0xff);
      if (third == 0x0001) {
        return PRIVATE; // local-use NAT64 64:ff9b:1::/48
      }
      return zeros(bytes, 4, 12) ? ofIpv4(bytes, 12) : RESERVED;
    }
    if (first == 0x2002) {
      return ofIpv4(bytes, 2); // 6to4
    }
    if (first == 0x2001 && (second == 0x0000 || second == 0x0db8)) {
      return RESERVED; // Teredo, documentation
    }
    if (first == 0x0100 && zeros(bytes, 2, 8)) {
      return RESERVED; // discard-only
    }
    if ((first & 0xfe00) == 0xfc00 || (first & 0xffc0) == 0xfec0) {
      return PRIVATE;
    }
    if ((first & 0xffc0) == 0xfe80) {
      return LINK_LOCAL;
    }
    if ((first & 0xff00) == 0xff00) {
      return MULTICAST;
    }
    if ((first & 0xe000) != 0x2000) {
      return RESERVED; // outside global unicast 2000::/3
    }
    return PUBLIC;
  }

  /** Whether bytes [from, to) are all zero. */
  private static boolean zeros(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
