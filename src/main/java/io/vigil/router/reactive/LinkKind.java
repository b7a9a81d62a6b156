package io.vigil.router.reactive;

/** Whether a neighbour is another routing server (polled for bundles) or a light client. */
public enum LinkKind {
  /** A routing server with a base URL; routing messages to it go into our bundles. */
  SERVER,
  /** A light client that cannot be reached; it polls {@code /messagesByHash}. */
  CLIENT
}
