package io.vigil.core;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.vigil.core.role.Role;
import java.net.HttpURLConnection;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Roles depend only on core, never on each other; core depends on no role; JSON-RPC to the node
 * goes through one transport.
 */
class ArchitectureTest {

  private static final JavaClasses MAIN = ImportedMainClasses.ALL;

  @Test
  void shouldKeepRolesApart() {
    for (Role role : Role.values()) {
      String[] others =
          Arrays.stream(Role.values())
              .filter(other -> other != role)
              .map(other -> "io.vigil." + other.id() + "..")
              .toArray(String[]::new);
      noClasses()
          .that()
          .resideInAPackage("io.vigil." + role.id() + "..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(others)
          .because("roles talk through Kafka, not through each other's classes")
          .allowEmptyShould(true)
          .check(MAIN);
    }
  }

  @Test
  void shouldKeepCoreIndependentOfRoles() {
    String[] roles =
        Arrays.stream(Role.values())
            .map(role -> "io.vigil." + role.id() + "..")
            .toArray(String[]::new);
    noClasses()
        .that()
        .resideInAPackage("io.vigil.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(roles)
        .check(MAIN);
  }

  /**
   * web3j's ABI, crypto and utility classes are fine anywhere; its JSON-RPC transport ({@code
   * org.web3j.protocol}), and the HTTP clients a JSON-RPC request would be built on, are for {@code
   * core.chain} alone, so every node call gets the same endpoint fallback, error classes and
   * metrics.
   */
  @Test
  void shouldSendJsonRpcOnlyThroughTheChainClient() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.vigil.core.chain..")
        .should()
        .dependOnClassesThat(
            resideInAnyPackage("org.web3j.protocol..", "okhttp3..")
                .or(assignableTo(HttpURLConnection.class)))
        .as(
            "only core.chain talks JSON-RPC to the node (web3j's org.web3j.protocol, or requests"
                + " built by hand over HTTP)")
        .because(
            "one transport means one endpoint fallback, one set of error classes and one set of"
                + " metrics")
        .check(MAIN);
  }
}
