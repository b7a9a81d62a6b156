package io.vigil.client.tower;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.client.ErrorCode;
import io.vigil.client.VigilClientException;
import io.vigil.core.crypto.Address;
import io.vigil.core.crypto.Eip712Domain;
import java.math.BigInteger;
import java.util.Objects;

/**
 * What a tower's {@code GET /v1/watcher/info} said when it was added, pinned from then on: the
 * chain and hub its receipts are signed for, the hunter its delegations must authorize, the key
 * that signs its receipts, and the watch policy it applies.
 */
public record TowerInfo(
    long chainId, Address hub, Address hunter, Address receiptSigner, Policy policy) {

  /** The tower's watch policy, as {@code /info} gives it. */
  public record Policy(
      long minChallengePeriodSeconds,
      BigInteger minValueAtStakeWei,
      long disputeGas,
      int priceMargin) {

    public Policy {
      Objects.requireNonNull(minValueAtStakeWei, "minValueAtStakeWei");
    }

    public static Policy of(
        long minChallengePeriodSeconds,
        BigInteger minValueAtStakeWei,
        long disputeGas,
        int priceMargin) {
      return new Policy(minChallengePeriodSeconds, minValueAtStakeWei, disputeGas, priceMargin);
    }
  }

  public TowerInfo {
    Objects.requireNonNull(hub, "hub");
    Objects.requireNonNull(hunter, "hunter");
    Objects.requireNonNull(receiptSigner, "receiptSigner");
    Objects.requireNonNull(policy, "policy");
  }

  public static TowerInfo of(
      long chainId, Address hub, Address hunter, Address receiptSigner, Policy policy) {
    return new TowerInfo(chainId, hub, hunter, receiptSigner, policy);
  }

  /** The EIP-712 domain the tower's receipts (and the states it accepts) are signed under. */
  public Eip712Domain domain() {
    return Eip712Domain.of(chainId, hub);
  }

  /** Reads an {@code /info} answer; an answer missing a field is {@link ErrorCode#BAD_RESPONSE}. */
  public static TowerInfo parse(String url, JsonNode body) {
    try {
      JsonNode policy = body.path("policy");
      return new TowerInfo(
          required(body, "chainId").asLong(),
          Address.of(required(body, "hub").asText()),
          Address.of(required(body, "hunter").asText()),
          Address.of(required(body, "receiptSigner").asText()),
          new Policy(
              policy.path("minChallengePeriodSeconds").asLong(0),
              new BigInteger(policy.path("minValueAtStakeWei").asText("0")),
              policy.path("disputeGas").asLong(0),
              policy.path("priceMargin").asInt(1)));
    } catch (IllegalArgumentException broken) {
      throw VigilClientException.of(
          ErrorCode.BAD_RESPONSE,
          url + " answered /v1/watcher/info without a usable " + broken.getMessage());
    }
  }

  private static JsonNode required(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException(field);
    }
    return value;
  }
}
