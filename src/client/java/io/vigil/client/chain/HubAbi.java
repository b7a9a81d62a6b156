package io.vigil.client.chain;

import io.vigil.client.hub.HubTransactions;
import io.vigil.core.channel.ChannelId;
import io.vigil.core.crypto.Address;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/** The hub's view calls and event topics as the client reads them; pure ABI, no I/O. */
public final class HubAbi {

  public static final String CHANNEL_OPENED =
      topic("ChannelOpened(bytes32,address,address,uint256,uint64,uint256)");
  public static final String DISPUTED = topic("Disputed(bytes32,address,uint64,address)");
  public static final String SETTLED = topic("Settled(bytes32,uint256,uint256,uint256,address)");
  public static final String WITHDRAWN = topic("Withdrawn(address,uint256)");

  private HubAbi() {}

  /** The keccak hash of an event signature, as 0x hex. */
  public static String topic(String eventSignature) {
    return Numeric.toHexString(Hash.sha3(eventSignature.getBytes(StandardCharsets.UTF_8)));
  }

  /** An address as a 32-byte topic (left-padded with zeros). */
  public static String addressTopic(Address address) {
    return "0x" + "0".repeat(24) + address.hex().substring(2);
  }

  static String channelsCall(ChannelId channel) {
    return HubTransactions.selector("channels(bytes32)")
        + FunctionEncoder.encodeConstructor(List.of(new Bytes32(channel.toBytes())));
  }

  static String withdrawableCall(Address account) {
    return HubTransactions.selector("withdrawable(address)")
        + FunctionEncoder.encodeConstructor(
            List.of(new org.web3j.abi.datatypes.Address(account.hex())));
  }

  /** The 13 words of the ChannelInfo struct (all static, so laid out in place). */
  static ChannelInfo decodeChannel(String hex) {
    List<Type> w =
        FunctionReturnDecoder.decode(
            hex,
            List.of(
                typeRef(org.web3j.abi.datatypes.Address.class),
                typeRef(org.web3j.abi.datatypes.Address.class),
                typeRef(Uint256.class),
                typeRef(Uint256.class),
                typeRef(Uint256.class),
                typeRef(Uint64.class),
                typeRef(Uint64.class),
                typeRef(Uint64.class),
                typeRef(Uint8.class),
                typeRef(org.web3j.abi.datatypes.Address.class),
                typeRef(Uint256.class),
                typeRef(Uint256.class),
                typeRef(org.web3j.abi.datatypes.Address.class)));
    if (w.size() != 13) {
      throw new IllegalArgumentException("channels() answered " + w.size() + " words, not 13");
    }
    return new ChannelInfo(
        address(w.get(0)),
        address(w.get(1)),
        number(w.get(2)),
        number(w.get(3)),
        number(w.get(4)),
        number(w.get(5)).longValueExact(),
        number(w.get(6)).longValueExact(),
        number(w.get(7)).longValueExact(),
        ChannelStatus.ofOrdinal(number(w.get(8)).intValueExact()),
        address(w.get(9)),
        number(w.get(10)),
        number(w.get(11)),
        address(w.get(12)));
  }

  /** The static words of a log's data, as unsigned numbers. */
  public static List<BigInteger> words(String data) {
    String hex = Numeric.cleanHexPrefix(data);
    if (hex.length() % 64 != 0) {
      throw new IllegalArgumentException("log data is not whole 32-byte words");
    }
    java.util.ArrayList<BigInteger> words = new java.util.ArrayList<>();
    for (int i = 0; i < hex.length(); i += 64) {
      words.add(new BigInteger(hex.substring(i, i + 64), 16));
    }
    return words;
  }

  /** A 32-byte word holding an address. */
  public static Address wordAddress(BigInteger word) {
    String hex = word.toString(16);
    return Address.of("0x" + "0".repeat(40 - hex.length()) + hex);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static TypeReference<Type> typeRef(Class<? extends Type> type) {
    return (TypeReference) TypeReference.create((Class) type);
  }

  private static Address address(Type<?> word) {
    return Address.of(((org.web3j.abi.datatypes.Address) word).getValue());
  }

  private static BigInteger number(Type<?> word) {
    return (BigInteger) word.getValue();
  }
}
