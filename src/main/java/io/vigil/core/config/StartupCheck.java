package io.vigil.core.config;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import io.vigil.core.net.OutboundConfig;
import io.vigil.core.net.OutboundPolicy;
import io.vigil.core.role.Role;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;

/**
 * Refuses to start on bad configuration, before any consumer, endpoint or loop runs: unknown roles,
 * a missing chain endpoint for a chain-facing role, an unreadable outbound allow-list, an
 * unreachable database. Then applies the schema migrations, so every role sees the current schema.
 */
@ApplicationScoped
public class StartupCheck {

  private static final Set<Role> CHAIN_FACING = EnumSet.of(Role.CHAIN, Role.WATCHER, Role.RELAY);

  private final VigilConfig config;
  private final OutboundConfig outbound;
  private final AgroalDataSource dataSource;
  private final Flyway flyway;
  private final String jdbcUrl;

  public StartupCheck(
      VigilConfig config,
      OutboundConfig outbound,
      AgroalDataSource dataSource,
      Flyway flyway,
      @ConfigProperty(name = "quarkus.datasource.jdbc.url", defaultValue = "(unset)")
          String jdbcUrl) {
    this.config = config;
    this.outbound = outbound;
    this.dataSource = dataSource;
    this.flyway = flyway;
    this.jdbcUrl = jdbcUrl;
  }

  void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
    verify();
    flyway.migrate();
  }

  /** Runs every check; throws {@link StartupFailure} naming the property at fault. */
  public void verify() {
    Set<Role> roles = roles(config.roles());
    if (roles.stream().anyMatch(CHAIN_FACING::contains)) {
      List<String> urls = config.chain().rpcUrls().orElse(List.of());
      if (urls.stream().allMatch(String::isBlank)) {
        throw StartupFailure.of(
            "vigil.chain.rpc-urls",
            "required when the chain, watcher or relay role runs (set VIGIL_CHAIN_RPC_URLS)");
      }
      for (String url : urls) {
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
          throw StartupFailure.of("vigil.chain.rpc-urls", "'" + url + "' is not an http(s) URL");
        }
      }
    }
    try {
      OutboundPolicy.of(outbound.allow().orElse(List.of()));
    } catch (IllegalArgumentException unreadable) {
      throw StartupFailure.of("vigil.outbound.allow", unreadable.getMessage());
    }
    try (Connection connection = dataSource.getConnection()) {
      connection.isValid(2);
    } catch (SQLException unreachable) {
      throw StartupFailure.of(
          "quarkus.datasource.jdbc.url",
          "cannot reach the database at " + jdbcUrl + " (" + firstLine(unreachable) + ")",
          unreachable);
    }
  }

  static Set<Role> roles(List<String> configured) {
    try {
      return Role.parse(configured);
    } catch (IllegalArgumentException invalid) {
      throw StartupFailure.of("vigil.roles", invalid.getMessage());
    }
  }

  private static String firstLine(Throwable error) {
    String message = String.valueOf(error.getMessage());
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
