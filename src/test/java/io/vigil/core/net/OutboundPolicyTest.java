package io.vigil.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OutboundPolicyTest {

  /** Names of a made-up DNS; address literals never reach it. */
  private static final Map<String, List<String>> DNS =
      Map.of(
          "peer.example", List.of("93.184.216.34"),
          "metadata.example", List.of("169.254.169.254"),
          "split.example", List.of("93.184.216.34", "10.0.0.7"),
          "v6.example", List.of("2606:4700:4700::1111"),
          "inside.example", List.of("10.20.30.40"));

  private final List<String> lookedUp = new ArrayList<>();

  private final OutboundPolicy.Resolver resolver =
      host -> {
        lookedUp.add(host);
        List<String> answers = DNS.get(host);
        if (answers == null) {
          throw new UnknownHostException(host);
        }
        List<InetAddress> addresses = new ArrayList<>();
        for (String answer : answers) {
          addresses.add(InetAddress.getByName(answer));
        }
        return addresses;
      };

  private static OutboundPolicy policy(String... allow) {
    return OutboundPolicy.of(Arrays.asList(allow));
  }

  private Optional<String> reason(OutboundPolicy policy, String url) {
    return policy.check(url, resolver).map(OutboundPolicy.Refusal::reason);
  }

  @ParameterizedTest(name = "{0} refused as {1}")
  @CsvSource({
    "http://127.0.0.1:8080/messageBundles/1/2, loopback",
    "http://127.0.0.2, loopback",
    "http://[::1]:8080, loopback",
    "http://[::ffff:127.0.0.1], loopback",
    "http://169.254.169.254/latest/meta-data/, link-local",
    "http://metadata.example/, link-local",
    "http://[fe80::1], link-local",
    "http://10.0.0.1:8080, private",
    "https://172.16.5.4, private",
    "https://192.168.0.10, private",
    "https://100.64.1.1, private",
    "http://[fd00::1], private",
    "http://inside.example, private",
    "http://0.0.0.0:8080, unspecified",
    "http://[::], unspecified",
    "http://224.0.0.251, multicast",
    "http://[ff02::1], multicast",
    "http://255.255.255.255, reserved",
    "http://no-such-name.example, unresolvable",
  })
  void shouldRefuseADestinationThatIsNotPublicWhenNothingIsAllowListed(String url, String reason) {
    assertThat(reason(policy(), url)).contains(reason);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://93.184.216.34",
        "https://peer.example/",
        "HTTPS://PEER.EXAMPLE:8443/base",
        "https://peer.example./",
        "http://[2606:4700:4700::1111]:8080",
        "https://v6.example"
      })
  void shouldAllowAPublicDestinationWhenNothingIsAllowListed(String url) {
    assertThat(policy().check(url, resolver)).isEmpty();
  }

  @Test
  void shouldReadAnAddressLiteralWithoutALookupWhenChecking() {
    policy().check("http://169.254.169.254/latest/meta-data/", resolver);
    policy().check("http://[::ffff:127.0.0.1]:80/", resolver);
    policy().check("http://8.8.8.8/", resolver);

    assertThat(lookedUp).isEmpty();
  }

  @Test
  void shouldRefuseANameWhenAnyOfItsAddressesIsNotPublic() {
    Optional<OutboundPolicy.Refusal> refusal = policy().check("http://split.example", resolver);

    assertThat(refusal).isPresent();
    assertThat(refusal.get().reason()).isEqualTo("private");
    assertThat(refusal.get().detail())
        .isEqualTo(
            "split.example (10.0.0.7) is a private address; only public addresses are called"
                + " unless vigil.outbound.allow lists them");
  }

  @Test
  void shouldAllowOnlyTheListedRangesWhenAnAllowListIsSet() {
    OutboundPolicy loopback = policy("127.0.0.0/8", "::1");

    assertThat(reason(loopback, "http://127.0.0.1:1234")).isEmpty();
    assertThat(reason(loopback, "http://127.9.9.9:1234")).isEmpty();
    assertThat(reason(loopback, "http://[::1]:1234")).isEmpty();
    assertThat(reason(loopback, "http://169.254.169.254")).contains("link-local");
    assertThat(reason(loopback, "http://10.0.0.1")).contains("private");
    assertThat(reason(loopback, "http://93.184.216.34")).isEmpty();

    OutboundPolicy oneHost = policy("10.20.30.40/32");
    assertThat(reason(oneHost, "http://inside.example")).isEmpty();
    assertThat(reason(oneHost, "http://10.20.30.41")).contains("private");
    assertThat(reason(oneHost, "http://split.example")).contains("private");
  }

  @Test
  void shouldAllowAListedHostNameWithoutLookingItUpWhenAllowListedByName() {
    OutboundPolicy byName = policy("Peer.Internal.", " ");

    assertThat(byName.check("https://peer.internal:8443/", resolver)).isEmpty();
    assertThat(lookedUp).isEmpty();
    assertThat(reason(byName, "https://other.internal")).contains("unresolvable");
    assertThat(reason(byName, "http://127.0.0.1")).contains("loopback");
  }

  @ParameterizedTest(name = "{0} refused as {1}")
  @CsvSource(
      value = {
        "ftp://peer.example/ | scheme",
        "file:///etc/passwd | scheme",
        "gopher://peer.example | scheme",
        "peer.example:8080 | scheme",
        "/messageBundles/1/2 | scheme",
        "http://user:secret@peer.example/ | malformed",
        "http://127.0.0.1@peer.example/ | malformed",
        "http:///path | malformed",
        "http://under_score.example/ | malformed",
        "http://peer.example:0/ | malformed",
        "http://peer example/ | malformed",
        "'' | malformed",
      },
      delimiter = '|')
  void shouldRefuseAUrlOfTheWrongShapeBeforeAnyLookup(String url, String reason) {
    assertThat(reason(policy("127.0.0.0/8"), url)).contains(reason);
    assertThat(lookedUp).isEmpty();
  }

  @Test
  void shouldRefuseAUrlLongerThanTheLimitBeforeAnyLookup() {
    String url = "https://peer.example/" + "x".repeat(OutboundPolicy.MAX_URL_LENGTH);

    assertThat(reason(policy(), url)).contains("malformed");
    assertThat(lookedUp).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.0/33", "not a host", "peer.example/8", "http://peer", "1.2.3"})
  void shouldRefuseAnAllowListEntryThatIsNoRangeAddressOrHostWhenBuilt(String entry) {
    assertThatThrownBy(() -> policy(entry))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + entry + "'");
  }
}
