package io.vigil.fuzz;

import io.vigil.testsupport.Anvil;
import io.vigil.testsupport.TestAuth;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;

/**
 * The credentials a fuzzed request may carry: the operator's, bearer tokens of the key holder (the
 * channel party and landmark user owner of the examples) and of a stranger, and kinds of garbage.
 * Tokens are fetched again before they expire, so a long run keeps valid ones.
 */
final class Credentials {

  enum Kind {
    RIGHT,
    NONE,
    OPERATOR,
    HOLDER_TOKEN,
    STRANGER_TOKEN,
    BASIC_WRONG_PASSWORD,
    BASIC_UNKNOWN_USER,
    BASIC_NOT_BASE64,
    BEARER_GARBAGE,
    BEARER_FORGED_JWT,
    BEARER_EMPTY,
    UNKNOWN_SCHEME
  }

  /** Anvil development key 0: party A of the example channels and owner of the example users. */
  static final ECKeyPair HOLDER = keys(Anvil.DEV_KEYS.get(0));

  static final ECKeyPair STRANGER = keys(Anvil.DEV_KEYS.get(6));

  private static final Duration REFRESH = Duration.ofMinutes(10);

  private final String baseUrl;
  private String holderToken;
  private String strangerToken;
  private Instant fetched = Instant.EPOCH;
  private long fetches;

  /** Fetches the tokens at once, so the first requests do not write logins mid-batch. */
  Credentials(String baseUrl) {
    this.baseUrl = baseUrl;
    refresh();
  }

  /**
   * How many times tokens were fetched: each fetch stores two logins (auth_login), which the table
   * comparison must not blame on a fuzzed request.
   */
  synchronized long fetches() {
    return fetches;
  }

  static ECKeyPair keys(String privateKeyHex) {
    return org.web3j.crypto.Credentials.create(privateKeyHex).getEcKeyPair();
  }

  static String address(ECKeyPair keys) {
    return "0x" + Keys.getAddress(keys);
  }

  /**
   * The Authorization header value of {@code kind} for an endpoint of {@code access}; null: none.
   */
  String authorization(Kind kind, EndpointFuzzer.Access access, int n) {
    return switch (kind) {
      case RIGHT ->
          switch (access) {
            case PUBLIC -> null;
            case OPERATOR -> TestAuth.OPERATOR_AUTHORIZATION;
            case HOLDER -> "Bearer " + holderToken();
          };
      case NONE -> null;
      case OPERATOR -> TestAuth.OPERATOR_AUTHORIZATION;
      case HOLDER_TOKEN -> "Bearer " + holderToken();
      case STRANGER_TOKEN -> "Bearer " + strangerToken();
      case BASIC_WRONG_PASSWORD -> basic(TestAuth.OPERATOR + ":wrong-" + n);
      case BASIC_UNKNOWN_USER -> basic("root:" + TestAuth.OPERATOR_PASSWORD);
      case BASIC_NOT_BASE64 -> "Basic !!" + n + "==:=";
      case BEARER_GARBAGE -> "Bearer " + "x".repeat(1 + Math.floorMod(n, 64)) + n;
      case BEARER_FORGED_JWT ->
          "Bearer "
              + b64("{\"alg\":\"none\",\"typ\":\"JWT\"}")
              + "."
              + b64(
                  "{\"sub\":\""
                      + address(HOLDER)
                      + "\",\"groups\":[\"operator\"],\"exp\":9999999999}")
              + "."
              + (Math.floorMod(n, 2) == 0 ? "" : b64("sig" + n));
      case BEARER_EMPTY -> "Bearer ";
      case UNKNOWN_SCHEME -> "Digest username=\"operator\", n=" + n;
    };
  }

  private synchronized String holderToken() {
    refresh();
    return holderToken;
  }

  private synchronized String strangerToken() {
    refresh();
    return strangerToken;
  }

  private void refresh() {
    if (Instant.now().isAfter(fetched.plus(REFRESH))) {
      holderToken = TestAuth.token(baseUrl, HOLDER);
      strangerToken = TestAuth.token(baseUrl, STRANGER);
      fetched = Instant.now();
      fetches++;
    }
  }

  private static String basic(String userAndPassword) {
    return "Basic "
        + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
  }

  private static String b64(String text) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
