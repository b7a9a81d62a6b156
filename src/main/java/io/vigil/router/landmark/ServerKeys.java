package io.vigil.router.landmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.net.OutboundHttp;
import io.vigil.core.net.Outcome;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * In charge of the key pinned for a remote contact's server: the one the operator or user gave, the
 * one already pinned for the same server, or (trust on first use) the one that server names at
 * {@code GET /v1/landmark/server}, fetched through the outbound policy.
 */
@ApplicationScoped
public class ServerKeys {

  /** Path of every Vigil server's public identity: {@code {"address": "0x…"}}. */
  public static final String IDENTITY_PATH = "/v1/landmark/server";

  /** A server key: lower-case {@code 0x} and 40 hex digits. */
  public static final Pattern ADDRESS = Pattern.compile("0x[0-9a-f]{40}");

  private static final String CALLER = "landmark-pinning";

  private final OutboundHttp outbound;
  private final ObjectMapper json;
  private final Duration deliveryTimeout;

  public ServerKeys(OutboundHttp outbound, ObjectMapper json, LandmarkConfig config) {
    this.outbound = outbound;
    this.json = json;
    this.deliveryTimeout = config.deliveryTimeout();
  }

  /**
   * The key to pin for a contact on {@code server}.
   *
   * @param given the key in the request, or null
   * @param existing the contact as stored before this change, if any
   */
  public Pin pin(String server, String given, Optional<Contact> existing) {
    if (given != null) {
      String key = given.strip().toLowerCase(Locale.ROOT);
      return ADDRESS.matcher(key).matches()
          ? new Pin.Pinned(key)
          : new Pin.Refused("serverKey", "must be 0x followed by 40 hex digits");
    }
    Optional<String> kept = kept(server, existing);
    if (kept.isPresent()) {
      return new Pin.Pinned(kept.get());
    }
    return fetch(server);
  }

  /**
   * The key already pinned for the same server, which a change of terms keeps: fetching it again
   * would let whoever answers for that URL today replace the key trusted on first use.
   */
  static Optional<String> kept(String server, Optional<Contact> existing) {
    return existing
        .filter(contact -> server.equals(contact.server()))
        .map(Contact::serverKey)
        .filter(key -> key != null);
  }

  private Pin fetch(String server) {
    String base = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
    Outcome outcome = outbound.get(CALLER, base + IDENTITY_PATH, deliveryTimeout);
    if (!(outcome instanceof Outcome.Answered answered)) {
      return unknown(
          switch (outcome) {
            case Outcome.Refused refused -> "the outbound policy refused it";
            case Outcome.TooLarge tooLarge -> "its answer was too large";
            case Outcome.Failed failed -> failed.reason();
            case Outcome.Answered unreachable -> throw new IllegalStateException();
          });
    }
    if (answered.status() != 200) {
      return unknown("it answered " + answered.status());
    }
    try {
      JsonNode address = json.readTree(answered.body()).path("address");
      if (address.isTextual() && ADDRESS.matcher(address.textValue()).matches()) {
        return new Pin.Pinned(address.textValue());
      }
    } catch (IOException unreadable) {
      // an answer that is not JSON names no key either
    }
    return unknown("its answer names no address");
  }

  private static Pin unknown(String why) {
    // the server's own text never reaches the API answer: only our reason codes
    return new Pin.Refused(
        "serverKey",
        "not given, and the server's key could not be fetched from "
            + IDENTITY_PATH
            + " ("
            + why
            + "); give serverKey, the address the contact's server signs with");
  }

  /** The key to pin, or why there is none. */
  public sealed interface Pin {
    record Pinned(String key) implements Pin {}

    record Refused(String field, String reason) implements Pin {}
  }
}
