package io.vigil.core.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 address range such as {@code 10.0.0.0/8} or {@code fd00::/8}. Parsing never looks
 * a name up: only address literals are accepted.
 */
public final class Cidr {

  private static final Pattern IPV4 =
      Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  private final byte[] network;
  private final int prefix;

  private Cidr(byte[] network, int prefix) {
    this.network = network;
    this.prefix = prefix;
  }

  /**
   * Reads {@code address/prefix}, or a single address (a range of one). Empty when the text is not
   * an address literal with a prefix that fits it.
   */
  public static Optional<Cidr> parse(String text) {
    int slash = text.indexOf('/');
    String literal = slash < 0 ? text : text.substring(0, slash);
    Optional<byte[]> bytes = literal(literal);
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    int bits = bytes.get().length * 8;
    int prefix = bits;
    if (slash >= 0) {
      String digits = text.substring(slash + 1);
      if (!digits.matches("\\d{1,3}")) {
        return Optional.empty();
      }
      prefix = Integer.parseInt(digits);
      if (prefix > bits) {
        return Optional.empty();
      }
    }
    return Optional.of(new Cidr(mask(bytes.get(), prefix), prefix));
  }

  /**
   * The bytes of an IPv4 or IPv6 literal (4 bytes for an IPv4-mapped IPv6 one); empty for anything
   * else, host names included.
   */
  static Optional<byte[]> literal(String text) {
    var v4 = IPV4.matcher(text);
    if (v4.matches()) {
      byte[] bytes = new byte[4];
      for (int i = 0; i < 4; i++) {
        int part = Integer.parseInt(v4.group(i + 1));
        if (part > 255 || (v4.group(i + 1).length() > 1 && v4.group(i + 1).startsWith("0"))) {
          return Optional.empty();
        }
        bytes[i] = (byte) part;
      }
      return Optional.of(bytes);
    }
    if (!IPV6.matcher(text).matches()) {
      return Optional.empty();
    }
    try {
      // A text with a colon is parsed as an IPv6 literal or refused; it is never looked up.
      return Optional.of(InetAddress.getByName(text).getAddress());
    } catch (UnknownHostException invalid) {
      return Optional.empty();
    }
  }

  /** Whether the address lies in this range (an IPv4 range never contains an IPv6 address). */
  public boolean contains(InetAddress address) {
    byte[] bytes = address.getAddress();
    return bytes.length == network.length && Arrays.equals(mask(bytes, prefix), network);
  }

  private static byte[] mask(byte[] bytes, int prefix) {
    byte[] masked = bytes.clone();
    for (int i = 0; i < masked.length; i++) {
      int keep = Math.max(0, Math.min(8, prefix - i * 8));
      masked[i] &= (byte) (0xff << (8 - keep));
    }
    return masked;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Cidr cidr
        && prefix == cidr.prefix
        && Arrays.equals(network, cidr.network);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(network) + prefix;
  }

  @Override
  public String toString() {
    try {
      return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
    } catch (UnknownHostException impossible) {
      throw new IllegalStateException(impossible);
    }
  }
}
