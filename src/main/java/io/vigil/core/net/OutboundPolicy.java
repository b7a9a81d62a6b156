package io.vigil.core.net;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides whether Vigil may call a URL that someone else gave it: an http(s) URL without
 * credentials, whose host is allow-listed by name or resolves only to addresses that are public or
 * in an allow-listed range. Pure: address literals are read as they are, and name lookups go
 * through the {@link Resolver} it is handed.
 */
public final class OutboundPolicy {

  /** Longest URL accepted. */
  public static final int MAX_URL_LENGTH = 2000;

  private static final Pattern HOST_NAME =
      Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

  private final List<Cidr> allowedRanges;
  private final Set<String> allowedHosts;

  private OutboundPolicy(List<Cidr> allowedRanges, Set<String> allowedHosts) {
    this.allowedRanges = List.copyOf(allowedRanges);
    this.allowedHosts = Set.copyOf(allowedHosts);
  }

  /**
   * The policy with these allow-list entries: address ranges, single addresses or host names.
   *
   * @throws IllegalArgumentException naming the first entry that is none of them
   */
  public static OutboundPolicy of(List<String> allow) {
    List<Cidr> ranges = new ArrayList<>();
    Set<String> hosts = new LinkedHashSet<>();
    for (String raw : allow) {
      String entry = raw.strip();
      if (entry.isEmpty()) {
        continue;
      }
      Optional<Cidr> range = Cidr.parse(entry);
      if (range.isPresent()) {
        ranges.add(range.get());
        continue;
      }
      String host = normalise(entry);
      if (entry.contains("/") || entry.contains(":") || !isHostName(host)) {
        throw new IllegalArgumentException(
            "'" + entry + "' is neither an address range, an address nor a host name");
      }
      hosts.add(host);
    }
    return new OutboundPolicy(ranges, hosts);
  }

  /** Looks host names up; the production one asks the JVM (and so shares its DNS cache). */
  @FunctionalInterface
  public interface Resolver {
    List<InetAddress> resolve(String host) throws UnknownHostException;

    static Resolver system() {
      return host -> List.of(InetAddress.getAllByName(host));
    }
  }

  /**
   * Why a destination is refused.
   *
   * @param reason a stable lower-case tag: {@code malformed}, {@code scheme}, {@code unresolvable},
   *     or the {@link AddressKind#tag()} of the address that is not allowed
   * @param detail one sentence for the operator naming what was refused and why
   */
  public record Refusal(String reason, String detail) {}

  /** Checks a URL and every address its host resolves to; empty when it may be called. */
  public Optional<Refusal> check(String url, Resolver resolver) {
    Optional<Refusal> shape = checkShape(url);
    if (shape.isPresent()) {
      return shape;
    }
    String host = hostOf(URI.create(url));
    if (allowedHosts.contains(host)) {
      return Optional.empty();
    }
    List<InetAddress> addresses;
    try {
      Optional<byte[]> literal = Cidr.literal(host);
      addresses =
          literal.isPresent()
              ? List.of(InetAddress.getByAddress(literal.get()))
              : resolver.resolve(host);
    } catch (UnknownHostException unknown) {
      addresses = List.of();
    }
    if (addresses.isEmpty()) {
      return Optional.of(new Refusal("unresolvable", host + " does not resolve to an address"));
    }
    for (InetAddress address : addresses) {
      Optional<Refusal> refusal = checkAddress(host, address);
      if (refusal.isPresent()) {
        return refusal;
      }
    }
    return Optional.empty();
  }

  /** Checks the URL alone: http(s), a host, no credentials, a valid port, not too long. */
  public Optional<Refusal> checkShape(String url) {
    if (url == null || url.isBlank()) {
      return malformed("a URL is required");
    }
    if (url.length() > MAX_URL_LENGTH) {
      return malformed("longer than " + MAX_URL_LENGTH + " characters");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException invalid) {
      return malformed("not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return Optional.of(new Refusal("scheme", "must be an http or https URL"));
    }
    if (uri.getRawUserInfo() != null) {
      return malformed("must not carry a user name or password");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      return malformed("has no valid host name");
    }
    if (uri.getPort() == 0 || uri.getPort() > 65535) {
      return malformed("port " + uri.getPort() + " is out of range");
    }
    return Optional.empty();
  }

  /** Checks one address the host resolved to. */
  public Optional<Refusal> checkAddress(String host, InetAddress address) {
    AddressKind kind = AddressKind.of(address);
    if (kind == AddressKind.PUBLIC || allowedRanges.stream().anyMatch(r -> r.contains(address))) {
      return Optional.empty();
    }
    String literal = address.getHostAddress();
    String subject = host.equalsIgnoreCase(literal) ? literal : host + " (" + literal + ")";
    return Optional.of(
        new Refusal(
            kind.tag(),
            subject
                + " is a "
                + kind.tag()
                + " address; only public addresses are called unless vigil.outbound.allow"
                + " lists them"));
  }

  /** The host of an absolute URL as looked up: lower case, no IPv6 brackets, no trailing dot. */
  static String hostOf(URI uri) {
    String host = uri.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return normalise(host);
  }

  /** A DNS name whose last label is not all digits (that would be a mistyped address). */
  private static boolean isHostName(String host) {
    return HOST_NAME.matcher(host).matches()
        && host.substring(host.lastIndexOf('.') + 1).chars().anyMatch(Character::isLetter);
  }

  private static String normalise(String host) {
    String lower = host.toLowerCase(Locale.ROOT);
    return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
  }

  private static Optional<Refusal> malformed(String detail) {
    return Optional.of(new Refusal("malformed", detail));
  }
}
