package io.vigil.client.tower;

import io.vigil.core.channel.ChannelId;
import io.vigil.core.crypto.Address;
import io.vigil.core.crypto.Signature;
import java.time.Instant;
import java.util.Objects;

/**
 * A receipt that passed the strict check: the pinned receipt signer's EIP-712 signature of {@code
 * DelegationReceipt(channelId, nonce, acceptedAtBlock)} for exactly the state sent.
 */
public record TowerReceipt(
    String towerUrl,
    ChannelId channelId,
    long nonce,
    long acceptedAtBlock,
    Address signer,
    Signature signature,
    Instant receivedAt) {

  public TowerReceipt {
    Objects.requireNonNull(towerUrl, "towerUrl");
    Objects.requireNonNull(channelId, "channelId");
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(receivedAt, "receivedAt");
  }
}
