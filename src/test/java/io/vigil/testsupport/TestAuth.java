package io.vigil.testsupport;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;
import io.vigil.core.auth.Login;
import io.vigil.core.crypto.PersonalSignatures;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;

/**
 * The credentials of the test profile (application.properties, {@code %test.vigil.auth.*}) and of
 * the Vigil processes tests start: the operator's password and the token key pair. Test-only.
 */
public final class TestAuth {

  public static final String OPERATOR = "operator";
  public static final String OPERATOR_PASSWORD = "test-operator-password";
  public static final String TOKEN_PRIVATE_KEY =
      "MIIEvAIBADANBgkqhkiG9w0BAQEFAASCBKYwggSiAgEAAoIBAQCOIuY0qQ/v1big8duUTKLRpJxUCccV6sNspxiqh0qjp5i51dzW14n3FN6IIGuCo7kk0C3eCgA08KV6MOv5WUOJ0Ozu9lUjKEi5nL9LbkSNP2/PQ8ybnCagO/Ke41H9tU1ZYYw/cd0oW+TfDWDwFjQkphxxb0F+/2SGUS+3NMRyTbvyX3RN2hUh18prNkAipYca2UIAzRTgCM2wbLlyLY8jsBIZoPC6FCnEBOr5zLSZFVHtTKMDqpjkdJeD8mWWf6i/h7rqjIJpGFHTnMgOZaEqNk6xZtfBobyc3BKw0McBhQ+bxJGTsXxrWLyWSHm4VlgTaGDdkO+yViIX3uQ1l3PDAgMBAAECggEAB7Siwt+KYM8Mar6eXj44sppRJN7AYwSgW0ZvIvR202AnQaYeGHPZ8frVYWSoG+PUfBy2QMFp7nTOgumeZA7aav2RHzQHA62lWzzr0caPbhID9bM3NYdXldiWmCseLvoe3sXmOtWiR8zLH86Me4spgNmUVQ/9vrsX5VXONAlKeOgNzzAEgCEHzdN74iLlQbmqTuKcxzkSXIm/5MfOjW1eN2VfF4kyaGUNxYsAxQJ07dpGJpDXXjYTRu4ghNISGK22Oelhm/kcxu2cnd0v0Jy1+KEbZ3MFPnlJTv1p3JkyyYVKAFUswUAxibwZOnHyoGCJNQfJgx4gCFnF3zjpP7bGHQKBgQDDGC9mdiL8iuLxAZRar7b1Xnm+ZAr6CtWG8c+ci+fBf7XKgw1gv3OjBAkkuDpGis9kbrtgAwFvXxzbTDbpzN4SpeT5ZCAAEI6l//svgFsKFOYu/Bt8P4QYvNz6Y+tFSnsMNTkV28j+sx4HX1Bs6Todc1HerwJqJ+/QX2wv0nHCNQKBgQC6glXtqAzLukDuGFxTLD7guu8LMyOz0TemAiUWueLDo1/4n/dthOQwJbn3tSHvimK7jaKUR0rxHG23DLfkEPYdgbZjjPHXUDYvyQutS+tAzrILnQWf06xpo+yi1Emg4tiF+s0Rsqj3t+lIYTD3eE+SmOACajXs/o0NN/IADMMdFwKBgAPEBr4yj5BSWfkO778kXyKzVSRAqBmVdfOp3TkHVkzc2zRyfSKd72x5GngT+kP8T+5/WKyMwk1VB6iP+wteQfcYLqhFr3xw1WAM5dtP3fH+30aO5TTrwO/9TUKkBRmMS3271UM/v8xyxqSbyWCgy9dfr3fd5u0HolBiVyNBK6L1AoGAOmK6y58kAlLYKLDvlgnv1SIv2u2za4M/THS3b5nZZy0pygcpydskI/5rbSQC753+sn/wOULoLvqbTgZpOrgkk7AbjKZ+vsyZafQh96oghzUtf300WYhGHPv4BDE4q2jYJ3kP4U5wnruwB7yFO7MqFdZNqfPd1ccKGO0+kM1t9xkCgYBr8t7m6ArG3zTtxav8gcRqjU73nL1rLYL6mnvLImQLQU2lkUUTcLfXh5mbVbZLddjC8Nk3TWvcHDIP3dle+vSjAOXkp5CAoAloRne2BPY484uvjWGlRw+NCfPYnWyHa+fjc+6NNkA9NeJYUyl7j9bt95iu7gORxJkmeviyD5sXaQ==";
  public static final String TOKEN_PUBLIC_KEY =
      "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAjiLmNKkP79W4oPHblEyi0aScVAnHFerDbKcYqodKo6eYudXc1teJ9xTeiCBrgqO5JNAt3goANPClejDr+VlDidDs7vZVIyhIuZy/S25EjT9vz0PMm5wmoDvynuNR/bVNWWGMP3HdKFvk3w1g8BY0JKYccW9Bfv9khlEvtzTEck278l90TdoVIdfKazZAIqWHGtlCAM0U4AjNsGy5ci2PI7ASGaDwuhQpxATq+cy0mRVR7UyjA6qY5HSXg/Jlln+ov4e66oyCaRhR05zIDmWhKjZOsWbXwaG8nNwSsNDHAYUPm8SRk7F8a1i8lkh5uFZYE2hg3ZDvslYiF97kNZdzwwIDAQAB";

  /** The operator's credentials as an Authorization header value (HTTP Basic). */
  public static final String OPERATOR_AUTHORIZATION =
      "Basic "
          + java.util.Base64.getEncoder()
              .encodeToString(
                  (OPERATOR + ":" + OPERATOR_PASSWORD).getBytes(StandardCharsets.UTF_8));

  private TestAuth() {}

  /** The properties that give a started process these credentials. */
  public static Map<String, String> properties() {
    return Map.of(
        "vigil.auth.operator-password", OPERATOR_PASSWORD,
        "vigil.auth.token-private-key", TOKEN_PRIVATE_KEY,
        "vigil.auth.token-public-key", TOKEN_PUBLIC_KEY);
  }

  /** A request with the operator's credentials. */
  public static RequestSpecification operator() {
    return given().auth().preemptive().basic(OPERATOR, OPERATOR_PASSWORD);
  }

  /** A login for {@code keys}, expiring in a minute, with a fresh nonce. */
  public static Login login(ECKeyPair keys) {
    String address = "0x" + Keys.getAddress(keys);
    long expires = Instant.now().getEpochSecond() + 60;
    String nonce = UUID.randomUUID().toString();
    String text = Login.text("vigil", address, expires, nonce);
    return new Login(
        address,
        expires,
        nonce,
        PersonalSignatures.sign(text.getBytes(StandardCharsets.UTF_8), keys));
  }

  /** A bearer token for {@code keys} from the application under test (RestAssured's default). */
  public static String token(ECKeyPair keys) {
    return token(given(), keys);
  }

  /** A request carrying a bearer token for {@code keys}, to the application under test. */
  public static RequestSpecification client(ECKeyPair keys) {
    return given().auth().oauth2(token(keys));
  }

  /** A bearer token for {@code keys} from the server at {@code baseUri}. */
  public static String token(String baseUri, ECKeyPair keys) {
    return token(given().baseUri(baseUri), keys);
  }

  private static String token(RequestSpecification server, ECKeyPair keys) {
    return server
        .contentType("application/json")
        .body(login(keys))
        .post("/v1/auth/tokens")
        .then()
        .statusCode(200)
        .extract()
        .path("token");
  }

  /** A request carrying a bearer token for {@code keys}, obtained from {@code baseUri}. */
  public static RequestSpecification client(String baseUri, ECKeyPair keys) {
    return given().baseUri(baseUri).auth().oauth2(token(baseUri, keys));
  }
}
