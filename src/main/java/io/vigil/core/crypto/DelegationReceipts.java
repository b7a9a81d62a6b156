package io.vigil.core.crypto;

import io.vigil.core.channel.ChannelId;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.web3j.crypto.Hash;

/**
 * Digests of the watchtower's delegation receipts: EIP-712 type {@code DelegationReceipt(bytes32
 * channelId,uint64 nonce,uint64 acceptedAtBlock)} under the hub's domain, so a receipt is bound to
 * one chain and one hub like the states it acknowledges.
 */
public final class DelegationReceipts {

  public static final String TYPE =
      "DelegationReceipt(bytes32 channelId,uint64 nonce,uint64 acceptedAtBlock)";
  private static final byte[] TYPEHASH = Hash.sha3(TYPE.getBytes(StandardCharsets.UTF_8));

  private final byte[] separator;

  public DelegationReceipts(Eip712Domain domain) {
    this.separator = domain.separator();
  }

  /** The 32-byte digest a receipt signature covers. */
  public byte[] digest(ChannelId channelId, long nonce, long acceptedAtBlock) {
    byte[] struct =
        Hash.sha3(
            Eip712.words(
                TYPEHASH,
                channelId.toBytes(),
                Eip712.uint(BigInteger.valueOf(nonce)),
                Eip712.uint(BigInteger.valueOf(acceptedAtBlock))));
    return Eip712.digest(separator, struct);
  }
}
