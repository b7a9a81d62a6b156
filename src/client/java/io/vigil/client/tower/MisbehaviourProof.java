package io.vigil.client.tower;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.client.ErrorCode;
import io.vigil.client.VigilClientException;
import io.vigil.client.http.JsonHttp;
import io.vigil.core.crypto.Address;
import java.io.IOException;
import java.time.Instant;
import java.util.Objects;

/**
 * A portable record that a tower answered a delegation with a wrong receipt: the tower's URL, the
 * receipt signer and EIP-712 domain pinned when it was added, the delegation sent, the answer
 * received and why it is wrong. Anyone can run {@link #verify()} on it: it repeats the strict
 * receipt check, so a proof built from a correct receipt does not verify.
 *
 * <p>A receipt signed by the pinned key for another channel or nonce is attributable to the tower
 * ({@link Verification#signedByTower()}); an answer not signed by that key shows only that the
 * tower did not acknowledge the state, since anyone can make such an answer up.
 */
public record MisbehaviourProof(
    String towerUrl,
    Address receiptSigner,
    long chainId,
    Address hub,
    JsonNode delegation,
    JsonNode receipt,
    String reason,
    Instant detectedAt) {

  /** What {@link #verify()} found. */
  public record Verification(boolean misbehaviour, boolean signedByTower, String reason) {}

  public MisbehaviourProof {
    Objects.requireNonNull(towerUrl, "towerUrl");
    Objects.requireNonNull(receiptSigner, "receiptSigner");
    Objects.requireNonNull(hub, "hub");
    Objects.requireNonNull(delegation, "delegation");
    Objects.requireNonNull(receipt, "receipt");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(detectedAt, "detectedAt");
  }

  public static MisbehaviourProof of(
      String towerUrl,
      TowerInfo pinned,
      JsonNode delegation,
      JsonNode receipt,
      String reason,
      Instant detectedAt) {
    return new MisbehaviourProof(
        towerUrl,
        pinned.receiptSigner(),
        pinned.chainId(),
        pinned.hub(),
        delegation,
        receipt,
        reason,
        detectedAt);
  }

  /** Repeats the strict check of {@link #receipt} against the state in {@link #delegation}. */
  public Verification verify() {
    TowerInfo pinned =
        TowerInfo.of(
            chainId,
            hub,
            Address.ZERO,
            receiptSigner,
            TowerInfo.Policy.of(0, java.math.BigInteger.ZERO, 0, 1));
    io.vigil.core.channel.ChannelState sent;
    try {
      sent = DelegationBody.state(delegation);
    } catch (IllegalArgumentException unreadable) {
      return new Verification(false, false, "the proof's delegation is unreadable");
    }
    return switch (ReceiptCheck.check(towerUrl, pinned, sent, receipt, detectedAt)) {
      case ReceiptCheck.Verdict.Valid valid ->
          new Verification(false, true, "the receipt is correct for the state sent");
      case ReceiptCheck.Verdict.Wrong wrong ->
          new Verification(true, wrong.signedByTower(), wrong.reason());
    };
  }

  public String toJson() {
    ObjectNode node = JsonHttp.JSON.createObjectNode();
    node.put("kind", "vigil-tower-misbehaviour/1");
    node.put("towerUrl", towerUrl);
    node.put("receiptSigner", receiptSigner.hex());
    ObjectNode domain = node.putObject("domain");
    domain.put("name", io.vigil.core.crypto.Eip712Domain.NAME);
    domain.put("version", io.vigil.core.crypto.Eip712Domain.VERSION);
    domain.put("chainId", chainId);
    domain.put("verifyingContract", hub.hex());
    node.set("delegation", delegation);
    node.set("receipt", receipt);
    node.put("reason", reason);
    node.put("detectedAt", detectedAt.toString());
    try {
      return JsonHttp.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    } catch (IOException unwritable) {
      throw new IllegalStateException(unwritable);
    }
  }

  /** Reads a proof written by {@link #toJson()}. */
  public static MisbehaviourProof parse(String json) {
    try {
      JsonNode node = JsonHttp.JSON.readTree(json);
      JsonNode domain = node.path("domain");
      return new MisbehaviourProof(
          node.path("towerUrl").asText(),
          Address.of(node.path("receiptSigner").asText()),
          domain.path("chainId").asLong(),
          Address.of(domain.path("verifyingContract").asText()),
          node.get("delegation"),
          node.get("receipt"),
          node.path("reason").asText(),
          Instant.parse(node.path("detectedAt").asText()));
    } catch (IOException | RuntimeException broken) {
      throw VigilClientException.of(
          ErrorCode.USAGE, "not a tower misbehaviour proof: " + broken.getMessage());
    }
  }
}
