package io.vigil.core.auth;

import io.vigil.core.crypto.PersonalSignatures;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A signed login: the holder of {@code address} asks for a bearer token by signing (EIP-191
 * personal message) a text naming this deployment, an expiry and a nonce of its choice. A login is
 * accepted once, before it expires; {@link #check} is the pure part of that decision.
 *
 * @param address the key's address, 0x and 40 hex digits
 * @param expires unix seconds after which the login is refused
 * @param nonce 8 to 64 letters, digits, dashes or underscores, never used before with this address
 * @param signature 65-byte r‖s‖v hex personal signature of {@link #text}
 */
public record Login(String address, Long expires, String nonce, String signature) {

  private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
  private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{8,64}");

  /** The text the key signs: one labelled line per field. */
  public static String text(String audience, String address, long expires, String nonce) {
    return "vigil-login/1\naudience: "
        + audience
        + "\naddress: "
        + address.toLowerCase(Locale.ROOT)
        + "\nexpires: "
        + expires
        + "\nnonce: "
        + nonce;
  }

  /** Why a login is refused, naming the field at fault. */
  public record Refusal(int status, String type, String field, String reason) {}

  /**
   * Pure: checks the fields, the expiry against {@code now} and {@code maxAge}, and that the
   * signature is by {@code address}. Empty when the login is good (replay is checked by storing
   * it).
   */
  public Optional<Refusal> check(String audience, Instant now, Duration maxAge) {
    if (address == null || !ADDRESS.matcher(address).matches()) {
      return refuse(400, "invalid-field", "address", "must be 0x followed by 40 hex digits");
    }
    if (expires == null) {
      return refuse(400, "invalid-field", "expires", "is required (unix seconds)");
    }
    if (nonce == null || !NONCE.matcher(nonce).matches()) {
      return refuse(400, "invalid-field", "nonce", "must be 8 to 64 letters, digits, - or _");
    }
    if (expires <= now.getEpochSecond()) {
      return refuse(401, "login-expired", "expires", "the login expired at " + expires);
    }
    if (expires > now.plus(maxAge).getEpochSecond()) {
      return refuse(
          400,
          "invalid-field",
          "expires",
          "must be at most " + maxAge.toSeconds() + " seconds from now");
    }
    byte[] message = text(audience, address, expires, nonce).getBytes(StandardCharsets.UTF_8);
    Optional<String> signer = PersonalSignatures.recover(message, signature);
    if (signer.isEmpty()) {
      return refuse(
          400,
          "invalid-field",
          "signature",
          "must be a 65-byte 0x hex personal signature of the login text");
    }
    if (!signer.get().equals(address.toLowerCase(Locale.ROOT))) {
      return refuse(
          401, "wrong-signer", "signature", "signed by " + signer.get() + ", not by " + address);
    }
    return Optional.empty();
  }

  private static Optional<Refusal> refuse(int status, String type, String field, String reason) {
    return Optional.of(new Refusal(status, type, field, field + ": " + reason));
  }
}
