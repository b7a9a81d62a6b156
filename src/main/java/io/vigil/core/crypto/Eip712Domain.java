package io.vigil.core.crypto;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.web3j.crypto.Hash;

/**
 * The EIP-712 domain of one deployed hub: name "VigilChannelHub", version "1", the chain id and the
 * hub's address. Binding both means a signature is valid on one chain and one hub only.
 */
public record Eip712Domain(long chainId, Address verifyingContract) {

  public static final String NAME = "VigilChannelHub";
  public static final String VERSION = "1";
  static final String TYPE =
      "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)";

  public Eip712Domain {
    Objects.requireNonNull(verifyingContract, "verifyingContract");
    if (chainId <= 0) {
      throw new IllegalArgumentException("chain id must be positive");
    }
  }

  public static Eip712Domain of(long chainId, Address hub) {
    return new Eip712Domain(chainId, hub);
  }

  /** hashStruct(domain), the value the hub's {@code domainSeparator()} returns. */
  public byte[] separator() {
    return Hash.sha3(
        Eip712.words(
            Hash.sha3(TYPE.getBytes(StandardCharsets.UTF_8)),
            Hash.sha3(NAME.getBytes(StandardCharsets.UTF_8)),
            Hash.sha3(VERSION.getBytes(StandardCharsets.UTF_8)),
            Eip712.uint(BigInteger.valueOf(chainId)),
            Eip712.address(verifyingContract)));
  }
}
