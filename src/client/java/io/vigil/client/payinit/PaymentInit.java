package io.vigil.client.payinit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.core.protocol.PaymentSecret;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * A payment initialization (seed: {@code {secret, amount}}): what a sender hands the recipient so
 * that the recipient can originate the routing message {@code {hash, amount}}. Its plaintext form,
 * which only the envelope carries, is the JSON object {@code {"secret": "0x…64 hex", "amount":
 * "decimal"}}.
 */
public record PaymentInit(PaymentSecret secret, BigDecimal amount) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Most digits an amount has, before and after the point (a uint256 has 78). */
  private static final int MAX_DIGITS = 78;

  public PaymentInit {
    Objects.requireNonNull(secret, "secret");
    refusal(amount)
        .ifPresent(
            reason -> {
              throw new IllegalArgumentException("amount: " + reason);
            });
  }

  /** From the secret's hex and the amount's decimal text. */
  public static PaymentInit of(String secretHex, String amount) {
    BigDecimal value;
    try {
      value = new BigDecimal(Objects.requireNonNull(amount, "amount").strip());
    } catch (NumberFormatException notDecimal) {
      throw new IllegalArgumentException("amount: not a decimal number: " + amount);
    }
    return new PaymentInit(PaymentSecret.of(secretHex), value);
  }

  /** The payment hash the recipient originates with (keccak256 of the secret). */
  public String hash() {
    return secret.hash();
  }

  /** The amount as plain decimal text, without exponent or trailing zeros. */
  public String amountText() {
    BigDecimal plain = amount.stripTrailingZeros();
    return (plain.scale() < 0 ? plain.setScale(0) : plain).toPlainString();
  }

  /** The plaintext the envelope encrypts. */
  byte[] toJson() {
    ObjectNode node = JSON.createObjectNode();
    node.put("secret", secret.hex());
    node.put("amount", amountText());
    return node.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The initialization in a decrypted plaintext, or why it is not one. */
  static ParsedPlaintext fromJson(byte[] plaintext) {
    JsonNode node;
    try {
      node = JSON.readTree(plaintext);
    } catch (IOException notJson) {
      return new ParsedPlaintext(null, "the plaintext is not JSON");
    }
    if (node == null || !node.path("secret").isTextual() || !node.path("amount").isTextual()) {
      return new ParsedPlaintext(null, "the plaintext lacks a text secret or amount");
    }
    try {
      return new ParsedPlaintext(
          of(node.get("secret").asText(), node.get("amount").asText()), null);
    } catch (IllegalArgumentException malformed) {
      return new ParsedPlaintext(null, malformed.getMessage());
    }
  }

  /** What {@link #fromJson} found: an initialization, or the reason there is none. */
  record ParsedPlaintext(PaymentInit init, String refusal) {}

  private static Optional<String> refusal(BigDecimal amount) {
    if (amount == null) {
      return Optional.of("is required");
    }
    if (amount.signum() <= 0) {
      return Optional.of("must be positive");
    }
    BigDecimal plain = amount.stripTrailingZeros();
    int integerDigits = Math.max(0, plain.precision() - plain.scale());
    if (integerDigits > MAX_DIGITS || Math.max(0, plain.scale()) > MAX_DIGITS) {
      return Optional.of("has more than " + MAX_DIGITS + " digits on a side of the point");
    }
    return Optional.empty();
  }

  /** Never prints the secret. */
  @Override
  public String toString() {
    return "PaymentInit[hash=" + hash() + ", amount=" + amountText() + "]";
  }
}
