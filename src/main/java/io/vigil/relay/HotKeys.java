package io.vigil.relay;

import io.vigil.core.config.StartupFailure;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.web3j.crypto.Credentials;

/**
 * Holds the relay's signing keys. WARNING: the keys must never reach a log, an exception message or
 * an API answer; only their addresses leave this class.
 */
@ApplicationScoped
public class HotKeys {

  private final Map<String, Credentials> byAddress = new LinkedHashMap<>();

  public HotKeys(RelayConfig config) {
    List<String> keys = config.hotKeys().orElse(List.of());
    for (int i = 0; i < keys.size(); i++) {
      String key = keys.get(i).trim();
      if (key.isEmpty()) {
        continue;
      }
      if (!key.matches("(0x)?[0-9a-fA-F]{64}")) {
        throw StartupFailure.of(
            "vigil.relay.hot-keys[" + i + "]", "not a 32-byte hex private key (value not shown)");
      }
      Credentials credentials = Credentials.create(key);
      byAddress.put(credentials.getAddress().toLowerCase(Locale.ROOT), credentials);
    }
  }

  /** The key of this address, if it is one of the relay's. */
  public Optional<Credentials> key(String address) {
    return Optional.ofNullable(
        address == null ? null : byAddress.get(address.toLowerCase(Locale.ROOT)));
  }

  /** Lower-case addresses of the hot keys, in configuration order. */
  public List<String> addresses() {
    return List.copyOf(byAddress.keySet());
  }

  @Override
  public String toString() {
    return "HotKeys" + addresses();
  }
}
