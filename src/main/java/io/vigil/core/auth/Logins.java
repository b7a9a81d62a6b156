package io.vigil.core.auth;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtException;
import io.vigil.core.api.Problem;
import io.vigil.core.api.ProblemException;
import io.vigil.core.concurrent.PeriodicJob;
import io.vigil.core.persistence.NativeSql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Turns a signed {@link Login} into a bearer token. Each login is stored until it expires, in
 * PostgreSQL, so it is accepted once by the whole deployment (every replica inserts into the same
 * table; a second insert of the same address and nonce finds the row and is refused as a replay).
 */
@ApplicationScoped
public class Logins implements PeriodicJob.Owner {

  /** The issuer every token names and every verifier requires ({@code mp.jwt.verify.issuer}). */
  public static final String ISSUER = "vigil";

  private static final Duration PRUNE_EVERY = Duration.ofSeconds(60);

  private static final Logger LOG = Logger.getLogger(Logins.class);

  private final EntityManager entityManager;
  private final AuthConfig config;
  private final Clock clock;
  private final MeterRegistry meters;

  public Logins(EntityManager entityManager, AuthConfig config, Clock clock, MeterRegistry meters) {
    this.entityManager = entityManager;
    this.config = config;
    this.clock = clock;
    this.meters = meters;
  }

  /** A bearer token for {@code address}, valid until {@code expiresAt} (unix seconds). */
  public record Token(String token, String tokenType, String address, long expiresAt) {}

  /** Checks the login, records it, and issues a token; refusals are problems. */
  @Transactional
  public Token exchange(Login login) {
    if (login == null) {
      throw ProblemException.invalidField("body", "a JSON object is required");
    }
    Instant now = clock.instant();
    login
        .check(config.audience(), now, config.maxLoginAge())
        .ifPresent(
            refusal -> {
              count(refusal.type());
              throw new ProblemException(
                  new Problem(
                      "urn:vigil:problem:" + refusal.type(),
                      refusal.status() == 401 ? "Unauthorized" : "Invalid field",
                      refusal.status(),
                      refusal.reason(),
                      refusal.field()));
            });
    String address = login.address().toLowerCase(Locale.ROOT);
    long used =
        ((Number)
                NativeSql.single(
                    entityManager,
                    "select count(*) from auth_login where address = ?1 and expires_at > ?2",
                    address,
                    Timestamp.from(now)))
            .longValue();
    if (used >= config.maxLoginsPerAddress()) {
      count("too-many-logins");
      throw new ProblemException(
          Problem.of(
              Response.Status.TOO_MANY_REQUESTS,
              "too-many-logins",
              "address: "
                  + used
                  + " logins of this address are still unexpired; use the tokens they gave",
              "address"),
          config.maxLoginAge().toSeconds());
    }
    int inserted =
        NativeSql.update(
            entityManager,
            "insert into auth_login (address, nonce, expires_at) values (?1, ?2, ?3)"
                + " on conflict do nothing",
            address,
            login.nonce(),
            Timestamp.from(Instant.ofEpochSecond(login.expires())));
    if (inserted == 0) {
      count("login-replayed");
      throw ProblemException.of(
          Response.Status.UNAUTHORIZED,
          "login-replayed",
          "nonce: this login was used already; sign a new one",
          "nonce");
    }
    long expiresAt = now.plus(config.tokenLifetime()).getEpochSecond();
    String token;
    try {
      token =
          Jwt.issuer(ISSUER)
              .audience(config.audience())
              .subject(address)
              .upn(address)
              .groups(Set.of(Roles.CLIENT))
              .issuedAt(now.getEpochSecond())
              .expiresAt(expiresAt)
              .sign();
    } catch (JwtException | IllegalStateException | IllegalArgumentException noKey) {
      LOG.errorf("cannot sign tokens (is vigil.auth.token-private-key set?): %s", noKey);
      count("no-token-key");
      throw ProblemException.of(
          Response.Status.SERVICE_UNAVAILABLE,
          "tokens-unavailable",
          "this deployment has no token key configured",
          null);
    }
    count("issued");
    return new Token(token, "Bearer", address, expiresAt);
  }

  @Override
  public List<PeriodicJob> periodicJobs() {
    return List.of(new PeriodicJob("auth-logins-prune", PRUNE_EVERY, PRUNE_EVERY, this::prune));
  }

  /**
   * Forgets expired logins, in a transaction of its own: they can no longer be replayed, since they
   * would be refused anyway.
   */
  void prune() {
    int removed =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    NativeSql.update(
                        entityManager,
                        "delete from auth_login where expires_at <= ?1",
                        Timestamp.from(clock.instant())));
    meters.counter("vigil_auth_logins_pruned_total").increment(removed);
  }

  private void count(String outcome) {
    meters.counter("vigil_auth_logins_total", "outcome", outcome).increment();
  }
}
