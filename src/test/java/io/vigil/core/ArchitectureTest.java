package io.vigil.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.vigil.core.role.Role;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Roles depend only on core, never on each other; core depends on no role. */
class ArchitectureTest {

  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.vigil");

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
}
