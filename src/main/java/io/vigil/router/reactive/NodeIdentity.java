package io.vigil.router.reactive;

import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.security.InvalidAlgorithmParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import org.jboss.logging.Logger;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;

/**
 * In charge of this routing server's identity: its key and the Ethereum address derived from it.
 */
@ApplicationScoped
public class NodeIdentity {

  private static final Logger LOG = Logger.getLogger(NodeIdentity.class);

  private final ECKeyPair keys;
  private final String address;

  public NodeIdentity(RouterConfig config) {
    this.keys = load(config.nodeKey().orElse(""));
    this.address = "0x" + Keys.getAddress(keys.getPublicKey());
  }

  private static ECKeyPair load(String hex) {
    if (hex == null || hex.isBlank()) {
      LOG.warn(
          "vigil.router.node-key is not set: using a random identity for this run only; peers"
              + " that pin this server's address will reject its bundles");
      try {
        return Keys.createEcKeyPair();
      } catch (InvalidAlgorithmParameterException
          | NoSuchAlgorithmException
          | NoSuchProviderException e) {
        throw new IllegalStateException("cannot create a key", e);
      }
    }
    BigInteger secret = Numeric.toBigInt(hex.strip());
    return ECKeyPair.create(secret);
  }

  /** Lower-case {@code 0x} address. */
  public String address() {
    return address;
  }

  ECKeyPair keys() {
    return keys;
  }

  /**
   * Signs {@code message} with the node key: an EIP-191 personal signature, 65 bytes r‖s‖v as
   * {@code 0x} hex, that {@link io.vigil.core.protocol.BundleSignatures#recover} turns back into
   * {@link #address()}.
   */
  public String sign(byte[] message) {
    return io.vigil.core.crypto.PersonalSignatures.sign(message, keys);
  }
}
