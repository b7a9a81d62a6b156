package io.vigil.core.crypto;

import io.vigil.core.channel.ChannelState;
import io.vigil.core.channel.HunterAuthorization;
import io.vigil.core.channel.SignedState;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import org.web3j.crypto.Hash;

/**
 * Signs and verifies the hub's EIP-712 messages (State, FinalState, HunterAuthorization) for one
 * domain, with the same digests the contract computes. Recovery runs on the native secp256k1 engine
 * when it loads, otherwise on BouncyCastle.
 */
public final class Eip712 {

  public static final String STATE_TYPE =
      "State(bytes32 channelId,uint64 nonce,uint256 balanceA,uint256 balanceB)";
  public static final String FINAL_STATE_TYPE =
      "FinalState(bytes32 channelId,uint64 nonce,uint256 balanceA,uint256 balanceB)";
  public static final String HUNTER_AUTHORIZATION_TYPE =
      "HunterAuthorization(bytes32 channelId,address hunter)";

  private static final byte[] STATE_TYPEHASH = typeHash(STATE_TYPE);
  private static final byte[] FINAL_STATE_TYPEHASH = typeHash(FINAL_STATE_TYPE);
  private static final byte[] HUNTER_TYPEHASH = typeHash(HUNTER_AUTHORIZATION_TYPE);

  private final Eip712Domain domain;
  private final byte[] separator;
  private final Secp256k1Engine engine;

  public Eip712(Eip712Domain domain, Secp256k1Engine engine) {
    this.domain = Objects.requireNonNull(domain, "domain");
    this.engine = Objects.requireNonNull(engine, "engine");
    this.separator = domain.separator();
  }

  /** For a hub, with the best available engine. */
  public static Eip712 forHub(long chainId, Address hub) {
    return new Eip712(Eip712Domain.of(chainId, hub), Secp256k1Engine.best());
  }

  public Eip712Domain domain() {
    return domain;
  }

  public Secp256k1Engine engine() {
    return engine;
  }

  /** This signer for the same domain on another engine. */
  public Eip712 withEngine(Secp256k1Engine other) {
    return new Eip712(domain, other);
  }

  // ------------------------------------------------------------------------------------------
  // Digests

  public byte[] stateDigest(ChannelState state) {
    return digest(stateHash(STATE_TYPEHASH, state));
  }

  /** Digest of the FinalState both parties sign for {@code cooperativeClose}. */
  public byte[] finalStateDigest(ChannelState state) {
    return digest(stateHash(FINAL_STATE_TYPEHASH, state));
  }

  public byte[] hunterAuthorizationDigest(HunterAuthorization authorization) {
    return digest(
        Hash.sha3(
            words(
                HUNTER_TYPEHASH,
                authorization.channelId().toBytes(),
                address(authorization.hunter()))));
  }

  // ------------------------------------------------------------------------------------------
  // Signing

  public Signature signState(ChannelState state, PrivateKey key) {
    return engine.sign(stateDigest(state), key);
  }

  public Signature signFinalState(ChannelState state, PrivateKey key) {
    return engine.sign(finalStateDigest(state), key);
  }

  public Signature signHunterAuthorization(HunterAuthorization authorization, PrivateKey key) {
    return engine.sign(hunterAuthorizationDigest(authorization), key);
  }

  /** Both parties' signatures on {@code state}. */
  public SignedState coSign(ChannelState state, PrivateKey partyA, PrivateKey partyB) {
    return SignedState.of(state, signState(state, partyA), signState(state, partyB));
  }

  // ------------------------------------------------------------------------------------------
  // Verification

  /** The signer of {@code digest}, or empty when the signature recovers to no account. */
  public Optional<Address> recover(byte[] digest, Signature signature) {
    return engine.recoverAddress(digest, signature);
  }

  /**
   * Accepts exactly what the hub's {@code checkpoint}, {@code close} and {@code dispute} accept.
   */
  public SignatureCheck verify(SignedState signed, Address partyA, Address partyB) {
    byte[] digest = stateDigest(signed.state());
    SignatureCheck a = check("A", digest, signed.signatureA(), partyA);
    return a.isValid() ? check("B", digest, signed.signatureB(), partyB) : a;
  }

  /** Accepts exactly what the hub's {@code cooperativeClose} accepts. */
  public SignatureCheck verifyFinal(SignedState signed, Address partyA, Address partyB) {
    byte[] digest = finalStateDigest(signed.state());
    SignatureCheck a = check("A", digest, signed.signatureA(), partyA);
    return a.isValid() ? check("B", digest, signed.signatureB(), partyB) : a;
  }

  /** Whether {@code signature} is {@code party}'s authorization of the hunter it names. */
  public SignatureCheck verifyHunterAuthorization(
      HunterAuthorization authorization, Signature signature, Address party) {
    return check("party", hunterAuthorizationDigest(authorization), signature, party);
  }

  private SignatureCheck check(String party, byte[] digest, Signature signature, Address expected) {
    if (!signature.hasLowS()) {
      return new SignatureCheck.Malformed(party, "s is in the upper half of the curve order");
    }
    Optional<Address> recovered = engine.recoverAddress(digest, signature);
    if (recovered.isPresent() && recovered.get().equals(expected)) {
      return SignatureCheck.valid();
    }
    return new SignatureCheck.WrongSigner(party, expected, recovered);
  }

  // ------------------------------------------------------------------------------------------
  // Typed data JSON (eth_signTypedData_v4), for wallets and independent signers

  public String stateTypedData(ChannelState state) {
    return typedData("State", STATE_TYPE, state);
  }

  public String finalStateTypedData(ChannelState state) {
    return typedData("FinalState", FINAL_STATE_TYPE, state);
  }

  public String hunterAuthorizationTypedData(HunterAuthorization authorization) {
    return "{"
        + typesJson(
            "HunterAuthorization",
            "{\"name\":\"channelId\",\"type\":\"bytes32\"},{\"name\":\"hunter\",\"type\":\"address\"}")
        + ",\"primaryType\":\"HunterAuthorization\","
        + domainJson()
        + ",\"message\":{\"channelId\":\""
        + authorization.channelId().hex()
        + "\",\"hunter\":\""
        + authorization.hunter().hex()
        + "\"}}";
  }

  private String typedData(String primaryType, String typeString, ChannelState state) {
    Objects.requireNonNull(typeString);
    return "{"
        + typesJson(
            primaryType,
            "{\"name\":\"channelId\",\"type\":\"bytes32\"},{\"name\":\"nonce\",\"type\":\"uint64\"},"
                + "{\"name\":\"balanceA\",\"type\":\"uint256\"},"
                + "{\"name\":\"balanceB\",\"type\":\"uint256\"}")
        + ",\"primaryType\":\""
        + primaryType
        + "\","
        + domainJson()
        + ",\"message\":{\"channelId\":\""
        + state.channelId().hex()
        + "\",\"nonce\":"
        + state.nonce()
        + ",\"balanceA\":\""
        + state.balanceA()
        + "\",\"balanceB\":\""
        + state.balanceB()
        + "\"}}";
  }

  private static String typesJson(String primaryType, String fields) {
    return "\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"string\"},"
        + "{\"name\":\"version\",\"type\":\"string\"},{\"name\":\"chainId\",\"type\":\"uint256\"},"
        + "{\"name\":\"verifyingContract\",\"type\":\"address\"}],\""
        + primaryType
        + "\":["
        + fields
        + "]}";
  }

  private String domainJson() {
    return "\"domain\":{\"name\":\""
        + Eip712Domain.NAME
        + "\",\"version\":\""
        + Eip712Domain.VERSION
        + "\",\"chainId\":"
        + domain.chainId()
        + ",\"verifyingContract\":\""
        + domain.verifyingContract().hex()
        + "\"}";
  }

  // ------------------------------------------------------------------------------------------
  // ABI encoding of static words

  private byte[] digest(byte[] structHash) {
    return digest(separator, structHash);
  }

  /** The EIP-712 digest {@code keccak256(0x1901 || domainSeparator || structHash)}. */
  static byte[] digest(byte[] separator, byte[] structHash) {
    byte[] message = new byte[66];
    message[0] = 0x19;
    message[1] = 0x01;
    System.arraycopy(separator, 0, message, 2, 32);
    System.arraycopy(structHash, 0, message, 34, 32);
    return Hash.sha3(message);
  }

  private static byte[] stateHash(byte[] typeHash, ChannelState state) {
    return Hash.sha3(
        words(
            typeHash,
            state.channelId().toBytes(),
            uint(BigInteger.valueOf(state.nonce())),
            uint(state.balanceA()),
            uint(state.balanceB())));
  }

  private static byte[] typeHash(String type) {
    return Hash.sha3(type.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] words(byte[]... words) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(words.length * 32);
    for (byte[] word : words) {
      if (word.length != 32) {
        throw new IllegalArgumentException("an ABI word has 32 bytes");
      }
      out.writeBytes(word);
    }
    return out.toByteArray();
  }

  static byte[] uint(BigInteger value) {
    byte[] raw = value.toByteArray();
    byte[] word = new byte[32];
    int copy = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - copy, word, 32 - copy, copy);
    return word;
  }

  static byte[] address(Address address) {
    byte[] word = new byte[32];
    System.arraycopy(address.toBytes(), 0, word, 12, 20);
    return word;
  }
}
