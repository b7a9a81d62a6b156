package io.vigil.fuzz;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.core.chain.HubAbi;
import io.vigil.core.chain.LogPosition;
import io.vigil.core.messaging.ChannelEvent;
import io.vigil.core.messaging.TransactionOutcome;
import io.vigil.core.messaging.TransactionRequest;
import io.vigil.core.messaging.TransactionRequest.Purpose;
import io.vigil.fuzz.TopicRecord.Expected;
import io.vigil.fuzz.TopicRecord.Header;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Builds generated records for each consumed topic: valid values of every kind the topic carries
 * (every channel event type, connected or retracted; every outcome status; every purpose the relay
 * sends), mutations of valid values ({@link JsonMutation}), values that break one rule of the topic
 * (a field missing, a bad id, a request the relay must not send), random bytes, other JSON, other
 * topics' values, tombstones, values over the size limit; under natural, missing, empty, binary or
 * huge keys, and no, random, forged or many headers. Each record carries what the consumer must do
 * with it; {@link TopicSchema} has the last word on whether a value is readable at all.
 */
final class TopicArbitraries {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HexFormat HEX = HexFormat.of();

  /** Field kinds of each channel event type, as the chain role writes them. */
  private static final Map<String, Map<String, String>> EVENT_FIELDS =
      Map.of(
          "ChannelOpened",
          Map.of(
              "partyA", "address",
              "partyB", "address",
              "deposit", "amount",
              "challengePeriod", "number",
              "bounty", "amount"),
          "Deposited",
          Map.of("party", "address", "amount", "amount", "total", "amount"),
          "Checkpointed",
          Map.of("nonce", "number"),
          "CloseStarted",
          Map.of(
              "closer", "address",
              "partyA", "address",
              "partyB", "address",
              "nonce", "number",
              "deadline", "number"),
          "Disputed",
          Map.of("disputer", "address", "nonce", "number", "bountyTo", "address"),
          "Settled",
          Map.of(
              "balanceA", "amount",
              "balanceB", "amount",
              "bounty", "amount",
              "bountyTo", "address"),
          "CooperativelyClosed",
          Map.of("nonce", "number", "balanceA", "amount", "balanceB", "amount"),
          "Withdrawn",
          Map.of("account", "address", "amount", "amount"));

  private static final List<String> EVENT_TYPES = EVENT_FIELDS.keySet().stream().sorted().toList();

  private static final List<String> AMOUNTS =
      List.of(
          "0",
          "1",
          "1000000000000000000",
          "115792089237316195423570985008687907853269984665640564039457584007913129639935",
          "9".repeat(78));

  private static final List<String> NUMBERS = List.of("0", "1", "3600", "999999999999999999");

  /** Rules of each topic a value can break while staying readable JSON of the topic's record. */
  private static final Map<ConsumedTopic, List<String>> BREAKAGES =
      Map.of(
          ConsumedTopic.CHANNEL_EVENTS,
          List.of(
              "type=\"ChannelRenamed\"",
              "type=\"\"",
              "type=\"closestarted\"",
              "channelId=\"0x1234\"",
              "channelId=\"0x" + "zz".repeat(32) + "\"",
              "blockHash=\"0x\"",
              "txHash=null",
              "logIndex=-1",
              "blockNumber=-5",
              "eventId=\"0xabc:0\"",
              "fields.*=\"0x123\"",
              "fields.*=\"-1\"",
              "fields.*=\"1e18\"",
              "fields.*=\"" + "9".repeat(79) + "\"",
              "fields={}"),
          ConsumedTopic.TX_OUTCOMES,
          List.of(
              "requestId=\"has a space\"",
              "requestId=\"\"",
              "requestId=null",
              "requestId=\"" + "r".repeat(201) + "\"",
              "status=null",
              "txHash=\"0x12\"",
              "confirmations=-1",
              "blockNumber=-1",
              "gasUsed=-21000",
              "effectiveGasPrice=-1"),
          ConsumedTopic.TX_REQUESTS,
          List.of(
              "to=\"0x000000000000000000000000000000000000dead\"",
              "to=null",
              "value=1000000000000000000",
              "data=\"0xdeadbeef\"",
              "data=\"0x\"",
              "data=\"not hex\"",
              "from=\"0x000000000000000000000000000000000000beef\"",
              "purpose=\"CLIENT_RAW\"",
              "purpose=null",
              "rawTransaction=\"0x02f8\"",
              "deadline=-1",
              "valueAtStake=-1",
              "channelId=\"0x12\"",
              "requestId=\"with space\"",
              "requestId=\"" + "q".repeat(201) + "\""));

  private final String hub;
  private final Map<Purpose, String> senders;
  private final Map<Purpose, String> selectors = new LinkedHashMap<>();

  /**
   * @param hub the hub's address
   * @param senders the relay's key for each purpose it sends
   */
  TopicArbitraries(String hub, Map<Purpose, String> senders) {
    this.hub = hub.toLowerCase(java.util.Locale.ROOT);
    this.senders = Map.copyOf(senders);
    HubAbi abi = HubAbi.hub();
    Map<Purpose, String> functions =
        Map.of(
            Purpose.DISPUTE, "dispute",
            Purpose.SETTLE, "settle",
            Purpose.WITHDRAW, "withdraw",
            Purpose.CLOSE, "close",
            Purpose.CHECKPOINT, "checkpoint",
            Purpose.COOPERATIVE_CLOSE, "cooperativeClose");
    senders
        .keySet()
        .forEach(
            p ->
                selectors.put(
                    p,
                    abi.selector(functions.get(p))
                        .orElseThrow(() -> new IllegalStateException("no function for " + p))));
  }

  /** A record for any consumed topic, each topic equally likely. */
  Arbitrary<TopicRecord> records() {
    return Arbitraries.oneOf(Arrays.stream(ConsumedTopic.values()).map(this::records).toList());
  }

  /** A record for {@code topic}. */
  Arbitrary<TopicRecord> records(ConsumedTopic topic) {
    Arbitrary<String> valid = Arbitraries.longs().map(seed -> valid(topic, seed));
    Arbitrary<Value> values =
        Arbitraries.frequencyOf(
            Tuple.of(6, valid.map(v -> new Value(utf8(v), Expected.PROCESSED, "valid"))),
            Tuple.of(
                9,
                Combinators.combine(valid, RequestArbitraries.mutations())
                    .as((v, m) -> new Value(m.apply(v), Expected.EITHER, "mutated " + m))),
            Tuple.of(
                4,
                Combinators.combine(valid, Arbitraries.of(BREAKAGES.get(topic)))
                    .as(
                        (v, b) ->
                            new Value(utf8(broken(v, b)), Expected.SET_ASIDE, "broken " + b))),
            Tuple.of(
                2,
                Combinators.combine(valid, Arbitraries.integers().between(0, 20))
                    .as((v, i) -> missingField(v, i))),
            Tuple.of(
                1,
                Arbitraries.bytes()
                    .array(byte[].class)
                    .ofMaxSize(300)
                    .map(b -> poison(b, "random-bytes"))),
            Tuple.of(
                1,
                Arbitraries.of(JsonMutation.NOT_OBJECTS)
                    .map(j -> poison(utf8(j), "not-an-object"))
                    .injectNull(0.3)
                    .map(v -> v == null ? new Value(null, Expected.SET_ASIDE, "tombstone") : v)),
            Tuple.of(1, RequestArbitraries.json(3).map(j -> poison(utf8(j), "generated-json"))),
            Tuple.of(
                1,
                Combinators.combine(Arbitraries.of(ConsumedTopic.values()), Arbitraries.longs())
                    .filter((other, seed) -> other != topic)
                    .as((other, seed) -> poison(utf8(valid(other, seed)), "other-topic " + other))),
            Tuple.of(
                1,
                Combinators.combine(valid, Arbitraries.of(65_537, 70_000, 1_000_000))
                    .as((v, size) -> poison(utf8(padded(v, size)), "padded " + size))));
    return Combinators.combine(values, keys(), headers())
        .as(
            (value, key, headers) -> {
              byte[] keyBytes = key.natural() ? naturalKey(topic, value.bytes()) : key.bytes();
              String text =
                  value.bytes() == null ? null : new String(value.bytes(), StandardCharsets.UTF_8);
              String defect = TopicSchema.defect(topic.type, text);
              Expected expected = defect != null ? Expected.SET_ASIDE : value.expected();
              return new TopicRecord(
                  topic,
                  keyBytes,
                  value.bytes(),
                  headers.headers(),
                  expected,
                  value.recipe()
                      + " key="
                      + key.recipe()
                      + " headers="
                      + headers.recipe()
                      + (defect != null && value.expected() != Expected.SET_ASIDE
                          ? " (schema: " + defect + ")"
                          : ""));
            });
  }

  /** A valid record of {@code topic}, for a sentinel on {@code partition}. */
  TopicRecord sentinel(ConsumedTopic topic, long seed) {
    byte[] value = utf8(valid(topic, seed));
    return new TopicRecord(
        topic, naturalKey(topic, value), value, List.of(), Expected.PROCESSED, "sentinel");
  }

  /** A valid value of {@code topic}, all of it drawn from {@code seed}. */
  String valid(ConsumedTopic topic, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Object value =
        switch (topic) {
          case CHANNEL_EVENTS -> event(random);
          case TX_OUTCOMES -> outcome(random);
          case TX_REQUESTS -> request(random);
        };
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ChannelEvent event(SplittableRandom random) {
    String type = pick(random, EVENT_TYPES);
    Map<String, String> fields = new LinkedHashMap<>();
    EVENT_FIELDS
        .get(type)
        .forEach(
            (name, kind) ->
                fields.put(
                    name,
                    switch (kind) {
                      case "address" -> hex(random, 20);
                      case "amount" ->
                          random.nextInt(4) == 0
                              ? pick(random, AMOUNTS)
                              : String.valueOf(random.nextLong(0, Long.MAX_VALUE));
                      default ->
                          random.nextInt(4) == 0
                              ? pick(random, NUMBERS)
                              : String.valueOf(random.nextLong(0, 1_000_000_000L));
                    }));
    String channel = "Withdrawn".equals(type) ? null : hex(random, 32);
    LogPosition at =
        LogPosition.of(
            random.nextLong(0, 1_000_000_000L),
            hex(random, 32),
            hex(random, 32),
            random.nextLong(0, 10_000));
    ChannelEvent event = ChannelEvent.of(type, channel, at, fields);
    return random.nextInt(4) == 0 ? event.retraction() : event;
  }

  private static TransactionOutcome outcome(SplittableRandom random) {
    TransactionOutcome.Status[] statuses = TransactionOutcome.Status.values();
    boolean mined = random.nextBoolean();
    return new TransactionOutcome(
        "fuzz:" + pick(random, List.of("dispute", "settle", "raw", "state")) + ":" + hex(random, 8),
        statuses[random.nextInt(statuses.length)],
        random.nextInt(4) == 0 ? null : hex(random, 32),
        mined ? random.nextLong(0, 1_000_000_000L) : 0,
        mined ? random.nextLong(1, 100) : 0,
        mined ? BigInteger.valueOf(random.nextLong(21_000, 10_000_000)) : BigInteger.ZERO,
        mined ? new BigInteger(AMOUNTS.get(random.nextInt(3))) : BigInteger.ZERO,
        random.nextBoolean() ? null : pick(random, JsonMutation.UNICODE));
  }

  private TransactionRequest request(SplittableRandom random) {
    List<Purpose> purposes = List.copyOf(selectors.keySet());
    Purpose purpose = purposes.get(random.nextInt(purposes.size()));
    StringBuilder data = new StringBuilder(selectors.get(purpose));
    int words = random.nextInt(5);
    for (int i = 0; i < words; i++) {
      data.append(hex(random, 32).substring(2));
    }
    return new TransactionRequest(
        "fuzz:" + purpose.name().toLowerCase(java.util.Locale.ROOT) + ":" + hex(random, 8),
        purpose,
        senders.get(purpose),
        random.nextBoolean() ? hub : hub.toUpperCase(java.util.Locale.ROOT).replace("0X", "0x"),
        data.toString(),
        BigInteger.ZERO,
        null,
        random.nextInt(3) == 0 ? 0 : random.nextLong(0, 4_000_000_000L),
        random.nextBoolean() ? BigInteger.ZERO : new BigInteger(AMOUNTS.get(random.nextInt(4))),
        random.nextBoolean() ? null : hex(random, 32));
  }

  /** {@code valid} with one rule broken: {@code breakage} is {@code field=json}. */
  private static String broken(String valid, String breakage) {
    ObjectNode root = (ObjectNode) read(valid);
    int eq = breakage.indexOf('=');
    String field = breakage.substring(0, eq);
    JsonNode value = read(breakage.substring(eq + 1));
    if (field.equals("fields.*")) {
      ObjectNode fields = (ObjectNode) root.get("fields");
      String first = fields.fieldNames().next();
      fields.set(first, value);
    } else {
      root.set(field, value);
    }
    return write(root);
  }

  /** {@code valid} without its {@code index}-th field (modulo their number). */
  private static Value missingField(String valid, int index) {
    ObjectNode root = (ObjectNode) read(valid);
    List<String> names = new ArrayList<>();
    root.fieldNames().forEachRemaining(names::add);
    String name = names.get(index % names.size());
    root.remove(name);
    return new Value(utf8(write(root)), Expected.SET_ASIDE, "missing " + name);
  }

  /** {@code valid} with an extra field that takes it to {@code size} bytes. */
  private static String padded(String valid, int size) {
    ObjectNode root = (ObjectNode) read(valid);
    root.put("padding", "");
    int room = size - write(root).length();
    root.put("padding", "p".repeat(Math.max(0, room)));
    return write(root);
  }

  /** The key its producer gives a value: channel (or account), request id, or sender. */
  private static byte[] naturalKey(ConsumedTopic topic, byte[] value) {
    if (value == null) {
      return null;
    }
    JsonNode root;
    try {
      root = JSON.readTree(value);
    } catch (java.io.IOException e) {
      return null;
    }
    if (root == null || !root.isObject()) {
      return null;
    }
    JsonNode key =
        switch (topic) {
          case CHANNEL_EVENTS ->
              root.path("channelId").isTextual()
                  ? root.get("channelId")
                  : root.path("fields").path("account");
          case TX_OUTCOMES -> root.path("requestId");
          case TX_REQUESTS -> root.path("from");
        };
    return key.isTextual() ? utf8(key.asText()) : null;
  }

  private record Key(boolean natural, byte[] bytes, String recipe) {}

  private static Arbitrary<Key> keys() {
    return Arbitraries.frequencyOf(
        Tuple.of(8, Arbitraries.just(new Key(true, null, "natural"))),
        Tuple.of(1, Arbitraries.just(new Key(false, null, "none"))),
        Tuple.of(1, Arbitraries.just(new Key(false, new byte[0], "empty"))),
        Tuple.of(
            1,
            Arbitraries.bytes()
                .array(byte[].class)
                .ofMinSize(1)
                .ofMaxSize(64)
                .map(b -> new Key(false, b, "random bytes"))),
        Tuple.of(
            1,
            Arbitraries.of(JsonMutation.UNICODE)
                .map(u -> new Key(false, utf8(u), "text " + JsonMutation.UNICODE.indexOf(u)))),
        Tuple.of(1, Arbitraries.just(new Key(false, utf8("k".repeat(20_000)), "20000 bytes"))));
  }

  private record Headers(List<Header> headers, String recipe) {}

  private static Arbitrary<Headers> headers() {
    Arbitrary<Header> random =
        Combinators.combine(
                Arbitraries.strings().ofMaxLength(40),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(100).injectNull(0.2))
            .as(Header::new);
    List<Header> forged =
        List.of(
            new Header("dead-letter-reason", utf8("refused: forged by the producer")),
            new Header("dead-letter-topic", utf8("elsewhere")),
            new Header("dead-letter-offset", utf8("-1")));
    List<Header> many = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      many.add(new Header("h" + i, utf8("v".repeat(i))));
    }
    return Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.just(new Headers(List.of(), "none"))),
        Tuple.of(2, random.list().ofMinSize(1).ofMaxSize(5).map(h -> new Headers(h, "random"))),
        Tuple.of(1, Arbitraries.just(new Headers(forged, "forged dead-letter headers"))),
        Tuple.of(1, Arbitraries.just(new Headers(many, "200 headers"))));
  }

  /** A value with what the consumer must do with it. */
  private record Value(byte[] bytes, Expected expected, String recipe) {}

  private static Value poison(byte[] bytes, String recipe) {
    return new Value(bytes, Expected.EITHER, recipe);
  }

  private static <T> T pick(SplittableRandom random, List<T> options) {
    return options.get(random.nextInt(options.size()));
  }

  private static String hex(SplittableRandom random, int bytes) {
    byte[] b = new byte[bytes];
    for (int i = 0; i < bytes; i++) {
      b[i] = (byte) random.nextInt(256);
    }
    return "0x" + HEX.formatHex(b);
  }

  private static JsonNode read(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  private static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
