package io.vigil.core.auth;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** Exchanges a signed login for a bearer token (hosted users, channel parties). */
@SecurityScheme(
    securitySchemeName = OpenApiSecurity.OPERATOR,
    type = SecuritySchemeType.HTTP,
    scheme = "basic",
    description = "The operator: user operator, password vigil.auth.operator-password.")
@SecurityScheme(
    securitySchemeName = OpenApiSecurity.KEY_HOLDER,
    type = SecuritySchemeType.HTTP,
    scheme = "bearer",
    bearerFormat = "JWT",
    description =
        "A hosted user or channel party: the token POST /v1/auth/tokens gives for a login its key"
            + " signed.")
@Path("/v1/auth")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AuthResource {

  private final Logins logins;

  public AuthResource(Logins logins) {
    this.logins = logins;
  }

  /** 200 with a token; 400/401 naming the field when the login is malformed, stale or replayed. */
  @POST
  @Path("/tokens")
  @PermitAll
  public Logins.Token token(Login login) {
    return logins.exchange(login);
  }
}
