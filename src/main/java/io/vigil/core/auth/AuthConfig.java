package io.vigil.core.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Who may call Vigil: the operator's password (HTTP Basic, user {@code operator}) and the lifetime
 * of the bearer tokens that hosted users and channel parties obtain by signing a login. SmallRye
 * JWT reads the token keys through {@code smallrye.jwt.sign.key} and {@code
 * mp.jwt.verify.publickey}, which application.properties points at the two keys here.
 */
@ConfigMapping(prefix = "vigil.auth")
public interface AuthConfig {

  /** The operator's password. Unset: every operator endpoint answers 401. */
  Optional<String> operatorPassword();

  /**
   * RSA private key (PKCS#8, PEM or base64) that signs the bearer tokens; every replica of a
   * deployment has the same. Unset: logins answer 503 and no token is issued.
   */
  Optional<String> tokenPrivateKey();

  /** The public half of {@link #tokenPrivateKey}, which verifies tokens. Unset: none verifies. */
  Optional<String> tokenPublicKey();

  /** Names this deployment in logins and tokens, so neither is accepted by another deployment. */
  @WithDefault("vigil")
  String audience();

  /** How long a token is valid. */
  @WithDefault("15m")
  Duration tokenLifetime();

  /** The furthest in the future a signed login may expire; it is usable once, until then. */
  @WithDefault("5m")
  Duration maxLoginAge();

  /** Unexpired logins one address may have used; more are refused until some expire. */
  @WithDefault("100")
  int maxLoginsPerAddress();
}
