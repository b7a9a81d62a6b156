package io.vigil.client.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.client.sign.KeySigner;
import io.vigil.core.channel.ChannelId;
import io.vigil.core.channel.ChannelState;
import io.vigil.core.channel.SignedState;
import io.vigil.core.crypto.Address;
import io.vigil.core.crypto.Signature;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.SignedRawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.transaction.type.Transaction1559;

class HubTransactionsTest {

  private static final Address HUB = StatesTest.HUB;
  private final HubTransactions hub = HubTransactions.of(StatesTest.CHAIN_ID, HUB);
  private final KeySigner alice = KeySigner.of(StatesTest.ALICE_KEY);
  private final KeySigner bob = KeySigner.of(StatesTest.BOB_KEY);
  private final ChannelId channel = ChannelId.of("0x" + "cd".repeat(32));

  @Test
  void shouldUseTheSelectorsOfTheCommittedAbi() throws Exception {
    Map<String, String> abi = selectorsOfCommittedAbi();
    assertThat(hub.open(bob.address(), 3600, BigInteger.TEN, BigInteger.ONE).selector())
        .isEqualTo(abi.get("open"));
    assertThat(hub.deposit(channel, BigInteger.ONE).selector()).isEqualTo(abi.get("deposit"));
    SignedState signed = coSigned(3);
    assertThat(hub.checkpoint(signed).selector()).isEqualTo(abi.get("checkpoint"));
    assertThat(hub.cooperativeClose(signed).selector()).isEqualTo(abi.get("cooperativeClose"));
    assertThat(hub.close(signed).selector()).isEqualTo(abi.get("close"));
    assertThat(hub.settle(channel).selector()).isEqualTo(abi.get("settle"));
    assertThat(hub.withdraw().selector()).isEqualTo(abi.get("withdraw"));
  }

  @Test
  void shouldEncodeOpenSoThatItDecodesBack() {
    HubCall open =
        hub.open(bob.address(), 3600, new BigInteger("100000000000000000"), BigInteger.TWO);
    List<Type> args =
        decode(open, org.web3j.abi.datatypes.Address.class, Uint64.class, Uint256.class);
    assertThat(Address.of(((org.web3j.abi.datatypes.Address) args.get(0)).getValue()))
        .isEqualTo(bob.address());
    assertThat(args.get(1).getValue()).isEqualTo(BigInteger.valueOf(3600));
    assertThat(args.get(2).getValue()).isEqualTo(new BigInteger("100000000000000000"));
    assertThat(open.value()).isEqualTo(BigInteger.TWO);
    assertThat(open.to()).isEqualTo(HUB);
    assertThat(open.gasLimit()).isEqualTo(GasLimits.DEFAULT.open());
  }

  @Test
  void shouldEncodeAStateCallWithBothSignatures() {
    SignedState signed = coSigned(5);
    List<Type> args =
        decode(
            hub.close(signed),
            Bytes32.class,
            Uint64.class,
            Uint256.class,
            Uint256.class,
            DynamicBytes.class,
            DynamicBytes.class);
    assertThat((byte[]) args.get(0).getValue()).isEqualTo(channel.toBytes());
    assertThat(args.get(1).getValue()).isEqualTo(BigInteger.valueOf(5));
    assertThat(args.get(2).getValue()).isEqualTo(signed.state().balanceA());
    assertThat(args.get(3).getValue()).isEqualTo(signed.state().balanceB());
    assertThat(Signature.of((byte[]) args.get(4).getValue())).isEqualTo(signed.signatureA());
    assertThat(Signature.of((byte[]) args.get(5).getValue())).isEqualTo(signed.signatureB());
  }

  @Test
  void shouldCloseWithTheOpeningStateWithoutSignatures() {
    ChannelState opening = ChannelState.opening(channel, BigInteger.TEN, BigInteger.ZERO);
    List<Type> args =
        decode(
            hub.closeWithOpening(opening),
            Bytes32.class,
            Uint64.class,
            Uint256.class,
            Uint256.class,
            DynamicBytes.class,
            DynamicBytes.class);
    assertThat(args.get(1).getValue()).isEqualTo(BigInteger.ZERO);
    assertThat((byte[]) args.get(4).getValue()).isEmpty();
    assertThat((byte[]) args.get(5).getValue()).isEmpty();
    assertThatThrownBy(() -> hub.closeWithOpening(opening.withNonce(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldSignAnEip1559TransactionThatRecoversToTheSignerWithLowS() throws Exception {
    HubCall deposit = hub.deposit(channel, new BigInteger("5000")).withGasLimit(77_000);
    Fees fees = Fees.of(BigInteger.valueOf(3_000_000_000L), BigInteger.valueOf(1_000_000_000L));
    SignedTransaction signed = hub.sign(deposit, 9, fees, alice);

    assertThat(signed.from()).isEqualTo(alice.address());
    assertThat(signed.nonce()).isEqualTo(9);
    assertThat(signed.requestId()).isEqualTo("raw:" + signed.txHash());
    assertThat(signed.txHash()).isEqualTo(org.web3j.crypto.Hash.sha3(signed.raw()));
    SignedRawTransaction decoded = (SignedRawTransaction) TransactionDecoder.decode(signed.raw());
    assertThat(decoded.getFrom()).isEqualToIgnoringCase(alice.address().hex());
    Transaction1559 body = (Transaction1559) decoded.getTransaction();
    assertThat(body.getChainId()).isEqualTo(StatesTest.CHAIN_ID);
    assertThat(body.getNonce()).isEqualTo(BigInteger.valueOf(9));
    assertThat(body.getGasLimit()).isEqualTo(BigInteger.valueOf(77_000));
    assertThat(body.getTo()).isEqualToIgnoringCase(HUB.hex());
    assertThat(body.getValue()).isEqualTo(new BigInteger("5000"));
    assertThat(body.getData()).isEqualToIgnoringCase(deposit.data().substring(2));
    assertThat(body.getMaxFeePerGas()).isEqualTo(fees.maxFeePerGas());
    assertThat(body.getMaxPriorityFeePerGas()).isEqualTo(fees.maxPriorityFeePerGas());
    BigInteger s = new BigInteger(1, decoded.getSignatureData().getS());
    assertThat(s).isLessThanOrEqualTo(Signature.HALF_ORDER);
    assertThat(HubTransactions.recoveredFrom(signed.raw())).isEqualTo(alice.address());
  }

  @Test
  void shouldRefuseFeesWhoseTipExceedsTheCap() {
    assertThatThrownBy(() -> Fees.of(BigInteger.ONE, BigInteger.TWO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Fees.suggested(BigInteger.TEN, BigInteger.ONE))
        .isEqualTo(Fees.of(BigInteger.valueOf(21), BigInteger.ONE));
  }

  private SignedState coSigned(long nonce) {
    States states = States.forHub(StatesTest.CHAIN_ID, HUB);
    ChannelState state =
        ChannelState.of(channel, nonce, BigInteger.valueOf(7), BigInteger.valueOf(3));
    return states.coSigned(state, states.sign(state, alice), states.sign(state, bob));
  }

  @SafeVarargs
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static List<Type> decode(HubCall call, Class<? extends Type>... types) {
    List<TypeReference<Type>> references = new ArrayList<>();
    for (Class<? extends Type> type : types) {
      references.add((TypeReference) TypeReference.create((Class) type));
    }
    List<Type> decoded = FunctionReturnDecoder.decode("0x" + call.data().substring(10), references);
    assertThat(decoded).hasSize(types.length);
    return decoded;
  }

  /** name -> selector, computed from the hub's committed ABI (tuples spelled out). */
  private static Map<String, String> selectorsOfCommittedAbi() throws Exception {
    JsonNode abi =
        new ObjectMapper().readTree(Path.of("../main/resources/contracts/ChannelHub.abi").toFile());
    Map<String, String> selectors = new HashMap<>();
    for (JsonNode entry : abi) {
      if ("function".equals(entry.path("type").asText())) {
        selectors.put(
            entry.get("name").asText(),
            HubTransactions.selector(
                entry.get("name").asText() + "(" + types(entry.get("inputs")) + ")"));
      }
    }
    return selectors;
  }

  private static String types(JsonNode inputs) {
    List<String> types = new ArrayList<>();
    for (JsonNode input : inputs) {
      String type = input.get("type").asText();
      types.add(
          type.startsWith("tuple")
              ? "(" + types(input.get("components")) + ")" + type.substring(5)
              : type);
    }
    return String.join(",", types);
  }
}
