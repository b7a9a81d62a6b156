package io.vigil.watcher;

import io.vigil.core.channel.ChannelId;
import io.vigil.core.channel.ChannelState;
import io.vigil.core.channel.HunterAuthorization;
import io.vigil.core.config.VigilConfig;
import io.vigil.core.crypto.Address;
import io.vigil.core.crypto.DelegationReceipts;
import io.vigil.core.crypto.Eip712;
import io.vigil.core.crypto.PrivateKey;
import io.vigil.core.crypto.Signature;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * Checks states and hunter authorizations against the hub's EIP-712 domain with the native
 * secp256k1 engine, and signs receipts with {@code vigil.watcher.receipt-key}. A signature the hub
 * would refuse (malformed, high s) recovers to nobody here either.
 */
@ApplicationScoped
public class HubSignatures implements StateSignatures {

  private final VigilConfig vigil;
  private final WatcherConfig config;
  private final NodeHead node;
  private volatile Setup setup;

  private record Setup(Eip712 eip712, DelegationReceipts receipts, PrivateKey receiptKey) {}

  public HubSignatures(VigilConfig vigil, WatcherConfig config, NodeHead node) {
    this.vigil = vigil;
    this.config = config;
    this.node = node;
  }

  private Setup setup() {
    Setup current = setup;
    if (current == null) {
      String hub =
          vigil
              .chain()
              .hubAddress()
              .orElseThrow(() -> new IllegalStateException("vigil.chain.hub-address is not set"));
      long chainId = vigil.chain().chainId().orElseGet(node::chainId);
      Eip712 eip712 = Eip712.forHub(chainId, Address.of(hub));
      PrivateKey key =
          PrivateKey.of(
              config
                  .receiptKey()
                  .orElseThrow(
                      () -> new IllegalStateException("vigil.watcher.receipt-key is not set")));
      current = new Setup(eip712, new DelegationReceipts(eip712.domain()), key);
      setup = current;
    }
    return current;
  }

  @Override
  public List<Optional<String>> stateSigners(
      String channelId,
      long nonce,
      BigInteger balanceA,
      BigInteger balanceB,
      byte[] signatureA,
      byte[] signatureB) {
    Eip712 eip712 = setup().eip712();
    byte[] digest =
        eip712.stateDigest(ChannelState.of(ChannelId.of(channelId), nonce, balanceA, balanceB));
    return List.of(
        parse(signatureA).flatMap(signature -> eip712.recover(digest, signature)).map(Address::hex),
        parse(signatureB)
            .flatMap(signature -> eip712.recover(digest, signature))
            .map(Address::hex));
  }

  @Override
  public Optional<String> hunterAuthorizer(String channelId, String hunter, byte[] signature) {
    Optional<Signature> parsed = parse(signature);
    if (parsed.isEmpty()) {
      return Optional.empty();
    }
    Eip712 eip712 = setup().eip712();
    byte[] digest =
        eip712.hunterAuthorizationDigest(
            HunterAuthorization.of(ChannelId.of(channelId), Address.of(hunter)));
    return eip712.recover(digest, parsed.get()).map(Address::hex);
  }

  @Override
  public byte[] signReceipt(String channelId, long nonce, long acceptedAtBlock) {
    Setup current = setup();
    byte[] digest = current.receipts().digest(ChannelId.of(channelId), nonce, acceptedAtBlock);
    return current.eip712().engine().sign(digest, current.receiptKey()).toBytes();
  }

  @Override
  public String receiptSigner() {
    return setup().receiptKey().address().hex();
  }

  private static Optional<Signature> parse(byte[] signature) {
    try {
      Signature parsed = Signature.of(signature);
      return parsed.hasLowS() ? Optional.of(parsed) : Optional.empty();
    } catch (IllegalArgumentException malformed) {
      return Optional.empty();
    }
  }
}
