package io.vigil.core.auth;

import io.quarkus.arc.Unremovable;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * Checks the credentials of Quarkus' HTTP Basic mechanism: user {@code operator} with the password
 * from {@code vigil.auth.operator-password} (a Kubernetes Secret in production) gets the operator
 * role. Passwords are compared by their SHA-256 digests in constant time.
 */
@ApplicationScoped
@Unremovable
public class OperatorIdentityProvider
    implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

  static final String USER = "operator";

  private final Optional<byte[]> expected;

  @Inject
  public OperatorIdentityProvider(AuthConfig config) {
    this(config.operatorPassword());
  }

  OperatorIdentityProvider(Optional<String> password) {
    this.expected = password.filter(p -> !p.isBlank()).map(OperatorIdentityProvider::digest);
  }

  @Override
  public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
    return UsernamePasswordAuthenticationRequest.class;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      UsernamePasswordAuthenticationRequest request, AuthenticationRequestContext context) {
    if (!matches(request.getUsername(), new String(request.getPassword().getPassword()))) {
      return Uni.createFrom().failure(new AuthenticationFailedException("wrong credentials"));
    }
    return Uni.createFrom()
        .item(
            QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(USER))
                .addRole(Roles.OPERATOR)
                .build());
  }

  /** Whether these are the operator's credentials; always false when no password is configured. */
  boolean matches(String user, String password) {
    if (expected.isEmpty() || password == null) {
      return false;
    }
    boolean rightPassword = MessageDigest.isEqual(expected.get(), digest(password));
    return rightPassword & USER.equals(user);
  }

  private static byte[] digest(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException(impossible);
    }
  }
}
