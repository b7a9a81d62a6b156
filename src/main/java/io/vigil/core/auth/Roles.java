package io.vigil.core.auth;

/** The roles Quarkus Security grants, and what each caller may do with them. */
public final class Roles {

  /** The provider running Vigil (HTTP Basic): every operator endpoint, every user's data. */
  public static final String OPERATOR = "operator";

  /**
   * The holder of an Ethereum key, proven by a signed login (bearer token whose subject is the
   * address): its own hosted user's data, and what Vigil holds for channels it is a party of.
   */
  public static final String CLIENT = "client";

  private Roles() {}
}
