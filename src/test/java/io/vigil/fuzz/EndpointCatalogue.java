package io.vigil.fuzz;

import static io.vigil.fuzz.EndpointFuzzer.Access.HOLDER;
import static io.vigil.fuzz.EndpointFuzzer.Access.OPERATOR;
import static io.vigil.fuzz.EndpointFuzzer.Access.PUBLIC;

import io.vigil.core.channel.ChannelId;
import io.vigil.core.channel.ChannelState;
import io.vigil.core.channel.SignedState;
import io.vigil.core.crypto.PersonalSignatures;
import io.vigil.core.protocol.Originations;
import io.vigil.testsupport.Anvil;
import io.vigil.testsupport.HubFixture;
import io.vigil.testsupport.TestAuth;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;

/**
 * A fuzzer for every endpoint of every role, with valid example bodies built the way docs/api.md
 * describes them, signed for the world under test (so that unmutated examples are accepted and
 * mutations reach the checks behind the signatures).
 */
final class EndpointCatalogue {

  /** User ids the landmark examples use, so users, contacts and their data meet each other. */
  static final List<String> USERS = List.of("alice", "bob", "carol", "dave");

  private static final HexFormat HEX = HexFormat.of();
  private static final String PARTY_B = Anvil.DEV_KEYS.get(1);
  private static final BigInteger ETHER = BigInteger.TEN.pow(18);

  private final HubFixture hub;
  private final String nodeAddress;

  EndpointCatalogue(HubFixture hub, String nodeAddress) {
    this.hub = hub;
    this.nodeAddress = nodeAddress.toLowerCase();
  }

  List<EndpointFuzzer> fuzzers() {
    Arbitrary<String> hash = hex(32);
    Arbitrary<String> user = Arbitraries.of(USERS);
    return List.of(
        EndpointFuzzer.of("POST", "/v1/auth/tokens", PUBLIC, Map.of(), login()),
        EndpointFuzzer.of("GET", "/v1/watcher/info", PUBLIC, Map.of(), null),
        EndpointFuzzer.of("POST", "/v1/watcher/delegations", PUBLIC, Map.of(), delegation()),
        EndpointFuzzer.of(
            "POST",
            "/v1/watcher/delegations/batch",
            PUBLIC,
            Map.of(),
            delegation().list().ofMinSize(1).ofMaxSize(3).map(d -> "{\"delegations\":" + d + "}")),
        EndpointFuzzer.of(
            "GET",
            "/v1/watcher/channels/{channelId}",
            HOLDER,
            Map.of("channelId", Arbitraries.oneOf(channel().map(ChannelId::hex), hash)),
            null),
        EndpointFuzzer.of("POST", "/v1/relay/transactions", PUBLIC, Map.of(), rawTransaction()),
        EndpointFuzzer.of("POST", "/v1/relay/states", PUBLIC, Map.of(), statePost()),
        EndpointFuzzer.of(
            "GET",
            "/v1/relay/transactions/{id}",
            PUBLIC,
            Map.of(
                "id",
                Arbitraries.oneOf(
                    hash,
                    hash.map(h -> "raw:" + h),
                    channel().map(c -> "state:checkpoint:" + c.hex() + ":7"))),
            null),
        EndpointFuzzer.of("GET", "/messagesByHash/{hash}", PUBLIC, Map.of("hash", hash), null),
        EndpointFuzzer.of(
            "GET",
            "/messageBundles/{start}/{end}",
            PUBLIC,
            Map.of(
                "start", Arbitraries.integers().between(0, 300).map(String::valueOf),
                "end", Arbitraries.integers().between(0, 300).map(String::valueOf)),
            null),
        EndpointFuzzer.of("GET", "/v1/routing/ping", PUBLIC, Map.of(), null),
        EndpointFuzzer.of("POST", "/v1/routing/originations", PUBLIC, Map.of(), origination()),
        EndpointFuzzer.of(
            "PUT", "/v1/routing/links/{address}", OPERATOR, Map.of("address", hex(20)), link()),
        EndpointFuzzer.of("GET", "/v1/routing/links", OPERATOR, Map.of(), null),
        EndpointFuzzer.of("GET", "/v1/routing/node", OPERATOR, Map.of(), null),
        EndpointFuzzer.of("GET", "/v1/routing/peers", OPERATOR, Map.of(), null),
        EndpointFuzzer.of(
            "POST", "/v1/routing/entries/{hash}/completion", OPERATOR, Map.of("hash", hash), null),
        EndpointFuzzer.of(
            "PUT",
            "/v1/landmark/users/{user}",
            HOLDER,
            Map.of("user", user),
            Arbitraries.just(
                "{\"key\":\"" + Credentials.create(Anvil.DEV_KEYS.get(0)).getAddress() + "\"}")),
        EndpointFuzzer.of("GET", "/v1/landmark/users/{user}", HOLDER, Map.of("user", user), null),
        EndpointFuzzer.of(
            "GET", "/v1/landmark/users/{user}/routes", HOLDER, Map.of("user", user), null),
        EndpointFuzzer.of(
            "PUT",
            "/v1/landmark/users/{user}/contacts/{contact}",
            HOLDER,
            Map.of("user", user, "contact", user),
            contact()),
        EndpointFuzzer.of(
            "DELETE",
            "/v1/landmark/users/{user}/contacts/{contact}",
            HOLDER,
            Map.of("user", user, "contact", user),
            null),
        EndpointFuzzer.of(
            "POST",
            "/v1/landmark/users/{user}/contacts/{contact}/transfers",
            HOLDER,
            Map.of("user", user, "contact", user),
            Combinators.combine(
                    Arbitraries.integers().between(1, 20), Arbitraries.of("SENT", "RECEIVED"))
                .as((amount, way) -> "{\"amount\":" + amount + ",\"direction\":\"" + way + "\"}")),
        EndpointFuzzer.of(
            "POST",
            "/v1/landmark/users/{user}/top-ups",
            HOLDER,
            Map.of("user", user),
            Combinators.combine(user, Arbitraries.integers().between(1, 20), hash)
                .as(
                    (contact, amount, lock) ->
                        "{\"contact\":\"%s\",\"amount\":%d,\"hashLock\":\"%s\"}"
                            .formatted(contact, amount, lock))),
        EndpointFuzzer.of("POST", "/v1/landmark/routing", PUBLIC, Map.of(), routingMessage()),
        EndpointFuzzer.of("GET", "/v1/landmark/server", PUBLIC, Map.of(), null),
        EndpointFuzzer.of("POST", "/v1/landmark/windows", OPERATOR, Map.of(), null),
        EndpointFuzzer.of("POST", "/v1/pay-inits", HOLDER, Map.of(), paymentInit()),
        EndpointFuzzer.of("GET", "/v1/pay-inits", HOLDER, Map.of(), null),
        EndpointFuzzer.of(
            "DELETE",
            "/v1/pay-inits/{id}",
            HOLDER,
            Map.of(
                "id",
                Arbitraries.oneOf(
                    Arbitraries.longs().between(-5, 1_000).map(String::valueOf),
                    Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12))),
            null));
  }

  /**
   * A payment initialization for a recipient: an envelope of the version-1 shape (version byte,
   * 65-byte ephemeral key, 12-byte nonce, ciphertext and tag) that the server stores as it is.
   */
  private static Arbitrary<String> paymentInit() {
    return Combinators.combine(
            hex(20), hex(65 + 12), Arbitraries.integers().between(17, 200).flatMap(n -> hex(n)))
        .as(
            (recipient, header, ciphertext) ->
                "{\"recipient\":\"%s\",\"envelope\":\"0x01%s%s\"}"
                    .formatted(recipient, header.substring(2), ciphertext.substring(2)));
  }

  /** A login signed by a fresh key: valid, so it is accepted once. */
  private static Arbitrary<String> login() {
    return key()
        .map(
            keys -> {
              var login = TestAuth.login(keys);
              return "{\"address\":\"%s\",\"expires\":%d,\"nonce\":\"%s\",\"signature\":\"%s\"}"
                  .formatted(login.address(), login.expires(), login.nonce(), login.signature());
            });
  }

  /**
   * A delegation of a state of one of eight channels not on chain, co-signed by development keys 0
   * and 1 for this hub, with party A's authorization of the hunter: accepted as pending.
   */
  private Arbitrary<String> delegation() {
    return Combinators.combine(channel(), Arbitraries.longs().between(1, 1_000_000))
        .as(
            (id, nonce) -> {
              SignedState signed =
                  hub.sign(
                      ChannelState.of(id, nonce, ETHER, ETHER), Anvil.DEV_KEYS.get(0), PARTY_B);
              String authorization =
                  hub.hunterAuthorization(id, FuzzWorld.HUNTER, Anvil.DEV_KEYS.get(0));
              return ("{\"chainId\":%d,\"state\":%s,\"sigA\":\"%s\",\"sigB\":\"%s\","
                      + "\"hunterAuthorization\":{\"hunter\":\"%s\",\"signature\":\"%s\"}}")
                  .formatted(
                      Anvil.CHAIN_ID,
                      state(signed.state()),
                      signed.signatureA().hex(),
                      signed.signatureB().hex(),
                      FuzzWorld.HUNTER,
                      authorization);
            });
  }

  private Arbitrary<String> statePost() {
    return Combinators.combine(
            channel(),
            Arbitraries.longs().between(0, 1_000),
            Arbitraries.of("checkpoint", "cooperativeClose", "close"))
        .as(
            (id, nonce, action) -> {
              SignedState signed =
                  hub.sign(
                      ChannelState.of(id, nonce, ETHER, ETHER), Anvil.DEV_KEYS.get(0), PARTY_B);
              return "{\"action\":\"%s\",\"state\":%s,\"sigA\":\"%s\",\"sigB\":\"%s\"}"
                  .formatted(
                      action,
                      state(signed.state()),
                      signed.signatureA().hex(),
                      signed.signatureB().hex());
            });
  }

  /** An EIP-1559 transaction to the hub signed by development key 3, with a random call. */
  private Arbitrary<String> rawTransaction() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 40), hex(4), Arbitraries.integers().between(0, 3))
        .as(
            (nonce, selector, shape) -> {
              Credentials sender = Credentials.create(Anvil.DEV_KEYS.get(3));
              RawTransaction transaction =
                  RawTransaction.createTransaction(
                      Anvil.CHAIN_ID,
                      BigInteger.valueOf(nonce),
                      BigInteger.valueOf(shape == 0 ? 21_000 : 200_000),
                      hub.hub().hex(),
                      BigInteger.ZERO,
                      shape == 1 ? "0x" : selector + "00".repeat(32 * shape),
                      BigInteger.valueOf(1_000_000_000L),
                      BigInteger.valueOf(100_000_000_000L));
              String raw = Numeric.toHexString(TransactionEncoder.signMessage(transaction, sender));
              return "{\"raw\":\"%s\",\"from\":\"%s\"}".formatted(raw, sender.getAddress());
            });
  }

  /** A light client's origination signed for this server: refused for lack of a link. */
  private Arbitrary<String> origination() {
    return Combinators.combine(key(), hex(32), Arbitraries.integers().between(1, 1_000_000))
        .as(
            (client, hash, amount) -> {
              long expires = Instant.now().getEpochSecond() + 300;
              String text =
                  Originations.text(nodeAddress, hash, BigDecimal.valueOf(amount), expires);
              String signature =
                  PersonalSignatures.sign(text.getBytes(StandardCharsets.UTF_8), client);
              return "{\"client\":\"%s\",\"hash\":\"%s\",\"amount\":\"%d\",\"expires\":%d,\"signature\":\"%s\"}"
                  .formatted(
                      io.vigil.fuzz.Credentials.address(client), hash, amount, expires, signature);
            });
  }

  private static Arbitrary<String> link() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 10_000),
            Arbitraries.integers().between(0, 10_000),
            Arbitraries.integers().between(0, 50))
        .as(
            (ours, theirs, fee) ->
                ("{\"kind\":\"CLIENT\",\"rate\":\"1\",\"feeBase\":\"%d\",\"feePpm\":\"10\","
                        + "\"ourSpendable\":\"%d\",\"theirSpendable\":\"%d\"}")
                    .formatted(fee, ours, theirs));
  }

  private static Arbitrary<String> contact() {
    Arbitrary<String> trustline =
        Combinators.combine(
                Arbitraries.integers().between(0, 100),
                Arbitraries.integers().between(0, 100),
                Arbitraries.integers().between(-5, 5))
            .as(
                (given, received, debt) ->
                    ("{\"kind\":\"TRUSTLINE\",\"trustGiven\":%d,\"trustReceived\":%d,\"debt\":%d,"
                            + "\"pendingOut\":0,\"pendingIn\":0}")
                        .formatted(given, received, debt));
    Arbitrary<String> channel =
        Combinators.combine(
                Arbitraries.integers().between(0, 100), Arbitraries.integers().between(0, 100))
            .as(
                (out, in) ->
                    "{\"kind\":\"CHANNEL\",\"spendableOut\":%d,\"spendableIn\":%d}"
                        .formatted(out, in));
    return Arbitraries.oneOf(trustline, channel);
  }

  /** A ROUTING message claiming to come from another server, signed by a key nobody pinned. */
  private static Arbitrary<String> routingMessage() {
    return Combinators.combine(
            key(),
            Arbitraries.of(USERS),
            Arbitraries.of(USERS),
            Arbitraries.longs().between(1, 2_000))
        .as(
            (server, from, to, sequence) -> {
              String signature =
                  PersonalSignatures.sign(
                      ("routing " + from + " " + to + " " + sequence)
                          .getBytes(StandardCharsets.UTF_8),
                      server);
              return ("{\"server\":\"%s\",\"from\":\"%s\",\"to\":\"%s\",\"sequence\":%d,"
                      + "\"entries\":[{\"landmark\":\"bob\",\"approach\":\"%s\","
                      + "\"path\":[\"%s\",\"bob\"],\"maxTo\":10,\"maxFrom\":\"unlimited\"}],"
                      + "\"signature\":\"%s\"}")
                  .formatted(
                      io.vigil.fuzz.Credentials.address(server),
                      from,
                      to,
                      sequence,
                      from,
                      from,
                      signature);
            });
  }

  private static String state(ChannelState state) {
    return "{\"channelId\":\"%s\",\"nonce\":\"%d\",\"balanceA\":\"%s\",\"balanceB\":\"%s\"}"
        .formatted(state.channelId().hex(), state.nonce(), state.balanceA(), state.balanceB());
  }

  /** One of eight fixed channel ids, so delegations, posts and status reads meet each other. */
  static Arbitrary<ChannelId> channel() {
    return Arbitraries.integers()
        .between(1, 8)
        .map(i -> ChannelId.of(Numeric.toBytesPadded(BigInteger.valueOf(0xF022_0000L + i), 32)));
  }

  static Arbitrary<String> hex(int bytes) {
    return Arbitraries.bytes().array(byte[].class).ofSize(bytes).map(b -> "0x" + HEX.formatHex(b));
  }

  private static Arbitrary<ECKeyPair> key() {
    return Arbitraries.bigIntegers()
        .between(BigInteger.ONE, BigInteger.TWO.pow(250))
        .map(ECKeyPair::create);
  }
}
