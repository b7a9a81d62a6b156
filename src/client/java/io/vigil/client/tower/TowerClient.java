package io.vigil.client.tower;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.client.http.JsonHttp;
import io.vigil.client.hub.States;
import io.vigil.client.sign.Signer;
import io.vigil.core.channel.ChannelId;
import io.vigil.core.channel.SignedState;
import io.vigil.core.crypto.Address;
import io.vigil.core.crypto.Signature;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One watchtower's client API over {@link JsonHttp}: its {@code /info}, delegations (one or a
 * batch) and a channel's status. It returns the tower's answers as they came; checking a receipt
 * against what was pinned is {@link ReceiptCheck}'s job, so this class trusts nothing it reads.
 */
public final class TowerClient {

  private final JsonHttp http;

  public TowerClient(JsonHttp http) {
    this.http = Objects.requireNonNull(http, "http");
  }

  public TowerClient(String url, JsonHttp.Limits limits) {
    this(new JsonHttp(url, limits));
  }

  public String url() {
    return http.baseUrl();
  }

  /** {@code GET /v1/watcher/info}. */
  public TowerInfo info() {
    return TowerInfo.parse(url(), http.get("/v1/watcher/info").body());
  }

  /**
   * The delegating party's signature of {@code HunterAuthorization(channelId, hunter)} under the
   * hub's domain: what lets this tower's hunter collect a dispute's bounty.
   */
  public static Signature authorizeHunter(
      long chainId, Address hub, ChannelId channel, Address hunter, Signer party) {
    return States.forHub(chainId, hub).authorizeHunter(channel, hunter, party);
  }

  /**
   * The delegation body for this tower as pinned: its chain and its hunter, signed by the party.
   */
  public static JsonNode delegationFor(TowerInfo pinned, SignedState signed, Signer party) {
    Signature authorization =
        authorizeHunter(
            pinned.chainId(), pinned.hub(), signed.state().channelId(), pinned.hunter(), party);
    return DelegationBody.of(pinned.chainId(), signed, pinned.hunter(), authorization);
  }

  /**
   * {@code POST /v1/watcher/delegations} with a prepared body; the answer is the tower's receipt,
   * unchecked. A refusal is a {@link io.vigil.client.VigilClientException} with the tower's
   * problem.
   */
  public JsonNode delegate(JsonNode body) {
    return http.post("/v1/watcher/delegations", body).body();
  }

  /**
   * {@code POST /v1/watcher/delegations/batch}: one result per body, in order, each {@code
   * {"status", "receipt"}} or {@code {"status", "problem"}}.
   */
  public List<JsonNode> delegateBatch(List<JsonNode> bodies) {
    var request = JsonHttp.JSON.createObjectNode();
    request.putArray("delegations").addAll(bodies);
    JsonNode results = http.post("/v1/watcher/delegations/batch", request).body().path("results");
    List<JsonNode> answers = new java.util.ArrayList<>();
    results.forEach(answers::add);
    return answers;
  }

  /** {@code GET /v1/watcher/channels/{id}} as a party of the channel (a bearer token). */
  public JsonNode status(ChannelId channel, Supplier<String> bearer) {
    return http.get("/v1/watcher/channels/" + channel.hex(), bearer).body();
  }

  /** The JSON connection, for a {@link io.vigil.client.http.Logins} to this tower. */
  public JsonHttp http() {
    return http;
  }
}
