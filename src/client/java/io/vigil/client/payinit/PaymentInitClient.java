package io.vigil.client.payinit;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.client.ErrorCode;
import io.vigil.client.VigilClientException;
import io.vigil.client.http.JsonHttp;
import io.vigil.client.http.Logins;
import io.vigil.client.sign.Signer;
import io.vigil.core.crypto.Secp256k1Engine;
import io.vigil.core.protocol.PaymentInitEnvelope;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Payment-initialization delivery through one or several routing servers, for the key of {@code
 * signer}: as a sender, encrypts an initialization once and posts the same envelope to every
 * server; as a recipient, lists its envelopes on every server, opens each with its {@link
 * PaymentInitKey} and deletes it there. One server failing never stops the others: each server's
 * outcome is reported on its own.
 *
 * <p>{@code fetch(key, true)} deletes each envelope on its server as soon as it is opened: a
 * process that dies before it kept the result loses it. A wallet that must not lose one fetches
 * with {@code delete = false}, stores what it received, then calls {@link #delete} for each:
 * delivery is then at least once. The same initialization sent through several servers arrives once
 * from each (same {@link PaymentInit#hash}). An envelope that does not open (not for this key,
 * tampered with, garbage) is reported as {@link Fetched.Unreadable} and deleted too, so that nobody
 * can fill the recipient's quota with envelopes that can never be read.
 */
public final class PaymentInitClient {

  private static final String PATH = "/v1/pay-inits";

  /** One routing server, with its login for the signer's key. */
  private record Server(JsonHttp http, Logins logins) {}

  /** What one server did with a sent envelope. */
  public sealed interface Delivery {
    String server();

    record Stored(String server, String id, long expiresAt) implements Delivery {}

    record Failed(String server, VigilClientException failure) implements Delivery {}
  }

  /** What fetching found on one server. */
  public sealed interface Fetched {
    String server();

    /** An initialization for this key; {@code deleted} when the server no longer holds it. */
    record Received(String server, String id, String sender, PaymentInit init, boolean deleted)
        implements Fetched {}

    /** An envelope that did not open, with the reason; deleted unless told to keep it. */
    record Unreadable(String server, String id, String sender, String reason, boolean deleted)
        implements Fetched {}

    /** The server could not be asked, or refused. */
    record Failed(String server, VigilClientException failure) implements Fetched {}
  }

  private final List<Server> servers;
  private final Signer signer;
  private final PaymentInitCipher cipher;

  /**
   * @param serverUrls the routing servers' base URLs
   * @param signer the caller's key: it logs in (the sender, or the recipient)
   * @param audience the deployment name the servers' logins expect ({@code vigil.auth.audience})
   */
  public PaymentInitClient(
      List<String> serverUrls,
      Signer signer,
      String audience,
      Clock clock,
      JsonHttp.Limits limits,
      PaymentInitCipher cipher) {
    if (serverUrls.isEmpty()) {
      throw VigilClientException.of(ErrorCode.USAGE, "give at least one routing server");
    }
    this.signer = Objects.requireNonNull(signer, "signer");
    this.cipher = Objects.requireNonNull(cipher, "cipher");
    List<Server> list = new ArrayList<>();
    for (String url : serverUrls) {
      JsonHttp http = new JsonHttp(url, limits);
      list.add(new Server(http, new Logins(http, signer, audience, clock)));
    }
    this.servers = List.copyOf(list);
  }

  public PaymentInitClient(List<String> serverUrls, Signer signer, String audience, Clock clock) {
    this(serverUrls, signer, audience, clock, JsonHttp.Limits.DEFAULT, new PaymentInitCipher());
  }

  /** A public key from {@code 0x} hex (64 bytes x‖y, or 65 starting with 04), as 65 bytes. */
  public static byte[] publicKey(String hex) {
    return Secp256k1Points.publicKey(hex);
  }

  /** The address envelopes for {@code recipientPublicKey} are posted under. */
  public static String recipientAddress(byte[] recipientPublicKey) {
    byte[] point = Secp256k1Points.point(recipientPublicKey).getEncoded(false);
    return Secp256k1Engine.addressOf(Arrays.copyOfRange(point, 1, point.length)).hex();
  }

  /**
   * Encrypts {@code init} to {@code recipientPublicKey} and posts it to every server, to be kept
   * until {@code expiresAt} (epoch seconds; null for each server's default).
   */
  public List<Delivery> send(byte[] recipientPublicKey, PaymentInit init, Long expiresAt) {
    String recipient = recipientAddress(recipientPublicKey);
    byte[] envelope = cipher.encrypt(recipientPublicKey, init);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("recipient", recipient);
    body.put("envelope", PaymentInitEnvelope.toHex(envelope));
    if (expiresAt != null) {
      body.put("expiresAt", expiresAt);
    }
    List<Delivery> deliveries = new ArrayList<>();
    for (Server server : servers) {
      String url = server.http().baseUrl();
      try {
        JsonNode answer = server.http().post(PATH, body, server.logins()).body();
        if (!answer.path("id").isTextual() || !answer.path("expiresAt").canConvertToLong()) {
          throw badResponse(url, "a stored payment initialization without id or expiresAt");
        }
        deliveries.add(
            new Delivery.Stored(url, answer.get("id").asText(), answer.get("expiresAt").asLong()));
      } catch (VigilClientException failure) {
        deliveries.add(new Delivery.Failed(url, failure));
      }
    }
    return deliveries;
  }

  /**
   * Lists the envelopes held for {@code key} on every server, opens each, and deletes it there when
   * {@code delete} is set. The key must be the signer's: the servers list by the address of the
   * caller's login.
   */
  public List<Fetched> fetch(PaymentInitKey key, boolean delete) {
    if (!key.address().equals(signer.address())) {
      throw VigilClientException.of(
          ErrorCode.USAGE,
          "the decryption key ("
              + key.address()
              + ") is not the signer's ("
              + signer.address()
              + "): servers list envelopes by the caller's address");
    }
    List<Fetched> found = new ArrayList<>();
    for (Server server : servers) {
      try {
        found.addAll(fetch(server, key, delete));
      } catch (VigilClientException failure) {
        found.add(new Fetched.Failed(server.http().baseUrl(), failure));
      }
    }
    return found;
  }

  private List<Fetched> fetch(Server server, PaymentInitKey key, boolean delete) {
    String url = server.http().baseUrl();
    JsonNode list = server.http().get(PATH, server.logins()).body().path("paymentInits");
    if (!list.isArray()) {
      throw badResponse(url, "a list of payment initializations without paymentInits");
    }
    List<Fetched> found = new ArrayList<>();
    for (JsonNode item : list) {
      String id = item.path("id").asText("");
      String sender = item.path("sender").asText("");
      if (id.isEmpty() || !id.matches("[0-9a-fA-F-]{36}")) {
        throw badResponse(url, "a payment initialization without a well-formed id");
      }
      Optional<byte[]> envelope = PaymentInitEnvelope.fromHex(item.path("envelope").asText(null));
      PaymentInitCipher.Opened opened =
          envelope.isPresent()
              ? PaymentInitCipher.open(key, envelope.get())
              : new PaymentInitCipher.Opened.Unreadable("the envelope is not 0x hex");
      boolean deleted = delete && deleted(server, id);
      found.add(
          switch (opened) {
            case PaymentInitCipher.Opened.Readable readable ->
                new Fetched.Received(url, id, sender, readable.init(), deleted);
            case PaymentInitCipher.Opened.Unreadable unreadable ->
                new Fetched.Unreadable(url, id, sender, unreadable.reason(), deleted);
          });
    }
    return found;
  }

  /**
   * Deletes the envelope {@code id} on the server {@code serverUrl} (one of this client's); a
   * recipient calls it once it has kept what {@link #fetch} gave with {@code delete = false}.
   *
   * @throws VigilClientException when the server refuses (404: not the caller's, or gone) or cannot
   *     be reached
   */
  public void delete(String serverUrl, String id) {
    Server server =
        servers.stream()
            .filter(
                candidate -> candidate.http().baseUrl().equals(new JsonHttp(serverUrl).baseUrl()))
            .findFirst()
            .orElseThrow(
                () ->
                    VigilClientException.of(
                        ErrorCode.USAGE, serverUrl + " is not a server of this client"));
    server.http().delete(PATH + "/" + id, server.logins());
  }

  /** Deletes one envelope; false (kept, reported as not deleted) when the server did not. */
  private static boolean deleted(Server server, String id) {
    try {
      server.http().delete(PATH + "/" + id, server.logins());
      return true;
    } catch (VigilClientException kept) {
      return false;
    }
  }

  private static VigilClientException badResponse(String server, String what) {
    return new VigilClientException(
        ErrorCode.BAD_RESPONSE, server, 0, null, null, null, server + " answered " + what, null);
  }
}
