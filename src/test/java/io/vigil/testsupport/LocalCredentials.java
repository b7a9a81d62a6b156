package io.vigil.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The credentials of one local run: a random operator password and a fresh token key pair, kept
 * under {@code target/local/auth} and handed to Vigil in its environment.
 */
record LocalCredentials(String operatorPassword, String tokenPrivateKey, String tokenPublicKey) {

  static LocalCredentials create(Path home) throws IOException {
    byte[] secret = new byte[18];
    new SecureRandom().nextBytes(secret);
    String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    KeyPair pair;
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      pair = generator.generateKeyPair();
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException(impossible);
    }
    Base64.Encoder base64 = Base64.getEncoder();
    LocalCredentials credentials =
        new LocalCredentials(
            password,
            base64.encodeToString(pair.getPrivate().getEncoded()),
            base64.encodeToString(pair.getPublic().getEncoded()));
    Path auth = Files.createDirectories(home.resolve("auth"));
    Files.writeString(auth.resolve("operator-password"), password + "\n");
    Files.writeString(auth.resolve("token-public-key"), credentials.tokenPublicKey() + "\n");
    return credentials;
  }

  Map<String, String> environment() {
    return Map.of(
        "VIGIL_AUTH_OPERATOR_PASSWORD", operatorPassword,
        "VIGIL_AUTH_TOKEN_PRIVATE_KEY", tokenPrivateKey,
        "VIGIL_AUTH_TOKEN_PUBLIC_KEY", tokenPublicKey);
  }

  /** How to call the protected endpoints, for the start-up banner. */
  List<String> describe(String base) {
    return List.of(
        "Operator     HTTP Basic, user operator, password "
            + operatorPassword
            + " (target/local/auth/operator-password)",
        "             curl -u operator:" + operatorPassword + " " + base + "/v1/routing/node",
        "Key holders  a bearer token from POST " + base + "/v1/auth/tokens for a signed login",
        "             (docs/security.md), then -H 'Authorization: Bearer <token>'");
  }
}
