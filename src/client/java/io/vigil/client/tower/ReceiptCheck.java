package io.vigil.client.tower;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.core.channel.ChannelId;
import io.vigil.core.channel.ChannelState;
import io.vigil.core.crypto.Address;
import io.vigil.core.crypto.DelegationReceipts;
import io.vigil.core.crypto.Secp256k1Engine;
import io.vigil.core.crypto.Signature;
import java.time.Instant;
import java.util.Optional;

/**
 * The strict check of a tower's receipt, a pure function: the receipt must name exactly the channel
 * and nonce sent, and its signature must recover, under the pinned chain and hub, to the receipt
 * signer pinned when the tower was added. Anything else is a wrong receipt.
 */
public final class ReceiptCheck {

  /** What the check found. */
  public sealed interface Verdict {
    /** The receipt is for the state sent and signed by the pinned key. */
    record Valid(TowerReceipt receipt) implements Verdict {}

    /**
     * The receipt is wrong. {@code signedByTower} is true when the pinned key did sign it (a
     * receipt for another channel or nonce), which makes the proof attributable to the tower.
     */
    record Wrong(String reason, boolean signedByTower) implements Verdict {}
  }

  private ReceiptCheck() {}

  public static Verdict check(
      String towerUrl, TowerInfo pinned, ChannelState sent, JsonNode receipt, Instant now) {
    if (receipt == null || !receipt.isObject()) {
      return new Verdict.Wrong("the answer is not a receipt object", false);
    }
    ChannelId channel;
    long nonce;
    long block;
    Signature signature;
    try {
      channel = ChannelId.of(text(receipt, "channelId"));
      nonce = number(receipt, "nonce");
      block = number(receipt, "acceptedAtBlock");
      signature = Signature.parse(text(receipt, "signature"));
    } catch (IllegalArgumentException unparseable) {
      return new Verdict.Wrong("unparseable receipt: " + unparseable.getMessage(), false);
    }
    Optional<Address> recovered = recover(pinned, channel, nonce, block, signature);
    boolean signedByTower = recovered.filter(pinned.receiptSigner()::equals).isPresent();
    if (!channel.equals(sent.channelId())) {
      return new Verdict.Wrong(
          "receipt for channel " + channel + ", but " + sent.channelId() + " was sent",
          signedByTower);
    }
    if (nonce != sent.nonce()) {
      return new Verdict.Wrong(
          "receipt for nonce " + nonce + ", but nonce " + sent.nonce() + " was sent",
          signedByTower);
    }
    if (!signedByTower) {
      return new Verdict.Wrong(
          "receipt signed by "
              + recovered.map(Address::hex).orElse("no recoverable key")
              + ", not by the pinned receipt signer "
              + pinned.receiptSigner(),
          false);
    }
    return new Verdict.Valid(
        new TowerReceipt(towerUrl, channel, nonce, block, pinned.receiptSigner(), signature, now));
  }

  private static Optional<Address> recover(
      TowerInfo pinned, ChannelId channel, long nonce, long block, Signature signature) {
    if (!signature.hasLowS()) {
      return Optional.empty();
    }
    byte[] digest = new DelegationReceipts(pinned.domain()).digest(channel, nonce, block);
    return Secp256k1Engine.best().recoverAddress(digest, signature);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException(field + " is missing or not text");
    }
    return value.asText();
  }

  private static long number(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !(value.isIntegralNumber() || value.isTextual())) {
      throw new IllegalArgumentException(field + " is missing or not a number");
    }
    try {
      long parsed = value.isTextual() ? Long.parseLong(value.asText()) : value.longValue();
      if (parsed < 0 || value.isIntegralNumber() && !value.canConvertToLong()) {
        throw new IllegalArgumentException(field + " is out of range");
      }
      return parsed;
    } catch (NumberFormatException notNumber) {
      throw new IllegalArgumentException(field + " is not a number");
    }
  }
}
