package io.vigil.client.payinit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.core.protocol.Amounts;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A payment initialization (seed: {@code {secret, amount}}): what a sender hands the recipient so
 * that the recipient can originate the routing message {@code {hash, amount}}. Its plaintext form,
 * which only the envelope carries, is the JSON object {@code {"secret": "0x…64 hex", "amount":
 * "decimal"}}.
 */
public record PaymentInit(PaymentSecret secret, BigDecimal amount) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public PaymentInit {
    Objects.requireNonNull(secret, "secret");
    Amounts.refusal(amount)
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

  /** The payment hash the recipient originates with (SHA-256 of the secret). */
  public String hash() {
    return secret.hash();
  }

  /** The amount's canonical text ({@link Amounts#text}), as an origination signs it. */
  public String amountText() {
    return Amounts.text(amount);
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

  /** Never prints the secret. */
  @Override
  public String toString() {
    return "PaymentInit[hash=" + hash() + ", amount=" + amountText() + "]";
  }
}
