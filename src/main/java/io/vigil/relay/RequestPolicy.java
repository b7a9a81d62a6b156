package io.vigil.relay;

import io.vigil.core.chain.HubAbi;
import io.vigil.core.chain.HubFunctions;
import io.vigil.core.messaging.Poison;
import io.vigil.core.messaging.Reading;
import io.vigil.core.messaging.TransactionRequest;
import io.vigil.core.messaging.TransactionRequest.Purpose;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Decides whether a request read from {@code vigil.tx-requests} may be stored for sending. Only the
 * watcher should write that topic, so the relay sends nothing but Vigil's own calls: a call to the
 * hub, with no value, of the one hub function its purpose names, from a key kept for that purpose.
 * Everything else is refused, and the refusal lists every rule the request breaks. Pure.
 */
public final class RequestPolicy {

  /** Longest request id accepted; ids are printable ASCII without spaces. */
  static final int MAX_REQUEST_ID = 200;

  /** The hub function each purpose may call. */
  static final Map<Purpose, String> FUNCTIONS =
      new EnumMap<>(
          Map.of(
              Purpose.DISPUTE, HubFunctions.DISPUTE,
              Purpose.SETTLE, HubFunctions.SETTLE,
              Purpose.WITHDRAW, HubFunctions.WITHDRAW,
              Purpose.CLOSE, HubFunctions.CLOSE,
              Purpose.CHECKPOINT, HubFunctions.CHECKPOINT,
              Purpose.COOPERATIVE_CLOSE, HubFunctions.COOPERATIVE_CLOSE));

  private static final Pattern REQUEST_ID =
      Pattern.compile("[\\x21-\\x7e]{1," + MAX_REQUEST_ID + "}");
  private static final Pattern HEX = Pattern.compile("0x([0-9a-fA-F]{2})*");
  private static final Pattern BYTES32 = Pattern.compile("0x[0-9a-fA-F]{64}");

  private final Optional<String> hub;
  private final Map<Purpose, String> selectors;
  private final Function<String, String> functionOf;
  private final BiPredicate<String, Purpose> keyServes;

  /**
   * @param hub the hub's address; empty when none is configured, and then every request is refused
   * @param selectors the 0x selector (lower case) of each purpose's function
   * @param functionOf the hub function a 0x selector calls, or null, to name it in refusals
   * @param keyServes whether an address is one of the relay's keys for a purpose
   */
  public RequestPolicy(
      Optional<String> hub,
      Map<Purpose, String> selectors,
      Function<String, String> functionOf,
      BiPredicate<String, Purpose> keyServes) {
    this.hub = hub.map(address -> address.toLowerCase(Locale.ROOT));
    this.selectors = Map.copyOf(selectors);
    this.functionOf = functionOf;
    this.keyServes = keyServes;
  }

  /** The policy of this hub, with the selectors of its committed ABI. */
  public static RequestPolicy of(Optional<String> hub, HubAbi abi, HotKeys keys) {
    return of(hub, abi, keys::serves);
  }

  static RequestPolicy of(
      Optional<String> hub, HubAbi abi, BiPredicate<String, Purpose> keyServes) {
    Map<Purpose, String> selectors = new EnumMap<>(Purpose.class);
    FUNCTIONS.forEach(
        (purpose, function) ->
            selectors.put(
                purpose,
                abi.selector(function)
                    .orElseThrow(
                        () ->
                            new IllegalStateException("the hub ABI has no function " + function))));
    return new RequestPolicy(hub, selectors, abi::function, keyServes);
  }

  /** The request, if the relay may send it; otherwise every reason it may not. */
  public Reading<TransactionRequest> admit(TransactionRequest request) {
    List<String> refusals = new ArrayList<>();
    if (request.requestId() == null || !REQUEST_ID.matcher(request.requestId()).matches()) {
      refusals.add(
          "requestId must be 1 to " + MAX_REQUEST_ID + " printable ASCII characters, no spaces");
    }
    Purpose purpose = request.purpose();
    if (purpose == null) {
      refusals.add("purpose is missing");
    } else if (purpose == Purpose.CLIENT_RAW
        || (request.rawTransaction() != null && !request.rawTransaction().isEmpty())) {
      refusals.add(
          "client-signed transactions are submitted through POST /v1/relay/transactions, not on"
              + " vigil.tx-requests");
    }
    checkTarget(request, refusals);
    if (request.value() != null && request.value().signum() != 0) {
      refusals.add("value must be 0, is " + request.value());
    }
    checkCall(request, purpose, refusals);
    if (purpose != null && !keyServes.test(request.from(), purpose)) {
      refusals.add("from " + request.from() + " is not one of the relay's keys for " + purpose);
    }
    if (request.deadline() < 0) {
      refusals.add("deadline must not be negative");
    }
    if (request.valueAtStake() != null && request.valueAtStake().signum() < 0) {
      refusals.add("valueAtStake must not be negative");
    }
    if (request.channelId() != null && !BYTES32.matcher(request.channelId()).matches()) {
      refusals.add("channelId must be 0x followed by 64 hex digits");
    }
    return refusals.isEmpty()
        ? Reading.usable(request)
        : Reading.unusable(Poison.REFUSED, String.join("; ", refusals));
  }

  private void checkTarget(TransactionRequest request, List<String> refusals) {
    if (hub.isEmpty()) {
      refusals.add("this relay has no hub configured (vigil.chain.hub-address)");
    } else if (request.to() == null || !hub.get().equals(request.to().toLowerCase(Locale.ROOT))) {
      refusals.add("to must be the hub " + hub.get() + ", is " + request.to());
    }
  }

  private void checkCall(TransactionRequest request, Purpose purpose, List<String> refusals) {
    String data = request.data();
    if (data == null || !HEX.matcher(data).matches()) {
      refusals.add("data must be 0x hex");
      return;
    }
    String expected = purpose == null ? null : selectors.get(purpose);
    if (expected == null) {
      return; // purpose already refused
    }
    if (data.length() < 10) {
      refusals.add("data must call " + FUNCTIONS.get(purpose) + ", has no function selector");
      return;
    }
    String selector = data.substring(0, 10).toLowerCase(Locale.ROOT);
    if (!selector.equals(expected)) {
      String called = functionOf.apply(selector);
      refusals.add(
          "a "
              + purpose
              + " request may only call "
              + FUNCTIONS.get(purpose)
              + ", data calls "
              + (called == null ? selector : called));
    }
  }
}
