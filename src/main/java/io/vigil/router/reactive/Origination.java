package io.vigil.router.reactive;

/** Outcome of a light client's origination request. */
public sealed interface Origination {

  /** No link with that address exists. */
  record UnknownLink(String client) implements Origination {}

  /** The link exists but is a server; only light clients originate through this API. */
  record NotAClient(String client) implements Origination {}

  /** The routing rules ran; the decision says whether the route was recorded and forwarded. */
  record Decided(Decision decision) implements Origination {}
}
