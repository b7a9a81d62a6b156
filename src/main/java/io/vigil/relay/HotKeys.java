package io.vigil.relay;

import io.vigil.core.config.StartupFailure;
import io.vigil.core.messaging.TransactionRequest.Purpose;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.web3j.crypto.Credentials;

/**
 * Holds the relay's signing keys, each with the one use it is for: dispute keys send disputes,
 * settles and bounty withdrawals, which only the watcher asks for; post keys send the channel
 * states clients hand to {@code POST /v1/relay/states}. No key serves both, so nothing a client
 * does can queue a transaction in front of a dispute or spend a dispute key's gas.
 *
 * <p>WARNING: the keys must never reach a log, an exception message or an API answer; only their
 * addresses leave this class.
 */
@ApplicationScoped
public class HotKeys {

  /** What a key may send. */
  public enum Use {
    /** Disputes, settles and bounty withdrawals ({@code vigil.relay.hot-keys}). */
    DISPUTE,
    /** Client-triggered state posts ({@code vigil.relay.post-keys}). */
    STATE_POST
  }

  private final Map<String, Credentials> byAddress = new LinkedHashMap<>();
  private final Map<String, Use> uses = new LinkedHashMap<>();

  public HotKeys(RelayConfig config) {
    load(config.hotKeys().orElse(List.of()), "vigil.relay.hot-keys", Use.DISPUTE);
    load(config.postKeys().orElse(List.of()), "vigil.relay.post-keys", Use.STATE_POST);
  }

  private void load(List<String> keys, String property, Use use) {
    for (int i = 0; i < keys.size(); i++) {
      String key = keys.get(i).trim();
      if (key.isEmpty()) {
        continue;
      }
      if (!key.matches("(0x)?[0-9a-fA-F]{64}")) {
        throw StartupFailure.of(
            property + "[" + i + "]", "not a 32-byte hex private key (value not shown)");
      }
      Credentials credentials = Credentials.create(key);
      String address = credentials.getAddress().toLowerCase(Locale.ROOT);
      Use earlier = uses.putIfAbsent(address, use);
      if (earlier != null && earlier != use) {
        throw StartupFailure.of(
            property + "[" + i + "]",
            "is also a dispute key: a key serves one use only (value not shown)");
      }
      byAddress.put(address, credentials);
    }
  }

  /** The key of this address, if it is one of the relay's. */
  public Optional<Credentials> key(String address) {
    return Optional.ofNullable(
        address == null ? null : byAddress.get(address.toLowerCase(Locale.ROOT)));
  }

  /** What a request of this purpose must be sent with; empty for client-signed transactions. */
  public static Optional<Use> useOf(Purpose purpose) {
    if (purpose == null) {
      return Optional.empty();
    }
    return switch (purpose) {
      case DISPUTE, SETTLE, WITHDRAW -> Optional.of(Use.DISPUTE);
      case CLOSE, CHECKPOINT, COOPERATIVE_CLOSE -> Optional.of(Use.STATE_POST);
      case CLIENT_RAW -> Optional.empty();
    };
  }

  /** Whether {@code address} is a key of the relay's that may send a request of this purpose. */
  public boolean serves(String address, Purpose purpose) {
    Optional<Use> use = useOf(purpose);
    return address != null
        && use.isPresent()
        && use.get() == uses.get(address.toLowerCase(Locale.ROOT));
  }

  /** Lower-case addresses of every key, in configuration order (dispute keys first). */
  public List<String> addresses() {
    return List.copyOf(byAddress.keySet());
  }

  /** Lower-case addresses of the keys for one use, in configuration order. */
  public List<String> addresses(Use use) {
    return uses.entrySet().stream()
        .filter(e -> e.getValue() == use)
        .map(Map.Entry::getKey)
        .toList();
  }

  @Override
  public String toString() {
    return "HotKeys" + uses;
  }
}
