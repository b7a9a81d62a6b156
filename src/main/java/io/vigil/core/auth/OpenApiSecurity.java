package io.vigil.core.auth;

/**
 * The security schemes the OpenAPI document declares (on {@link AuthResource}); each protected
 * endpoint names the ones that let a caller in.
 */
public final class OpenApiSecurity {

  /** HTTP Basic with the operator's credentials. */
  public static final String OPERATOR = "operator";

  /** A bearer token from {@code POST /v1/auth/tokens}. */
  public static final String KEY_HOLDER = "keyHolder";

  private OpenApiSecurity() {}
}
