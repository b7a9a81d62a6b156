package io.vigil.client.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.client.ErrorCode;
import io.vigil.client.VigilClientException;
import io.vigil.client.sign.Signer;
import io.vigil.core.auth.Login;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Bearer tokens for one server and one key: signs a login (the text of {@link Login#text}) with the
 * caller's {@link Signer}, exchanges it at {@code POST /v1/auth/tokens}, and reuses the token until
 * a minute before it expires. Thread-safe.
 */
public final class Logins implements Supplier<String> {

  private static final long LOGIN_LIFETIME_SECONDS = 120;
  private static final long RENEW_BEFORE_SECONDS = 60;

  private final JsonHttp http;
  private final Signer signer;
  private final String audience;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private String token;
  private long expiresAt;

  public Logins(JsonHttp http, Signer signer, String audience, Clock clock) {
    this.http = Objects.requireNonNull(http, "http");
    this.signer = Objects.requireNonNull(signer, "signer");
    this.audience = Objects.requireNonNull(audience, "audience");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A token valid for at least another minute, logging in again when needed. */
  @Override
  public synchronized String get() {
    long now = clock.instant().getEpochSecond();
    if (token == null || expiresAt - RENEW_BEFORE_SECONDS <= now) {
      login(now);
    }
    return token;
  }

  private void login(long now) {
    long expires = now + LOGIN_LIFETIME_SECONDS;
    byte[] nonceBytes = new byte[12];
    random.nextBytes(nonceBytes);
    String nonce = "kit-" + HexFormat.of().formatHex(nonceBytes);
    String address = signer.address().hex();
    String signature = signer.signPersonal(Login.text(audience, address, expires, nonce)).hex();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("address", address);
    body.put("expires", expires);
    body.put("nonce", nonce);
    body.put("signature", signature);
    JsonNode answer = http.post("/v1/auth/tokens", body).body();
    if (!answer.hasNonNull("token") || !answer.hasNonNull("expiresAt")) {
      throw VigilClientException.of(
          ErrorCode.BAD_RESPONSE, http.baseUrl() + " answered a login without a token");
    }
    token = answer.get("token").asText();
    expiresAt = answer.get("expiresAt").asLong();
  }
}
