package io.vigil.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/security.md lists every endpoint of the application with the authentication its code
 * declares: this test reads every resource class the build produced and fails on any endpoint
 * missing from the table, any row without an endpoint, and any authentication that differs.
 */
class EndpointTableTest {

  @Test
  void shouldListEveryEndpointOfTheApplicationWithTheAuthenticationItsCodeDeclares()
      throws IOException {
    Map<String, String> declared = EndpointTable.declared(applicationResources());
    Map<String, String> documented =
        EndpointTable.documented(Files.readString(Path.of("docs", "security.md")));

    assertThat(declared).as("resources found in target/classes").hasSizeGreaterThan(20);
    assertThat(EndpointTable.differences(declared, documented)).isEmpty();
  }

  @Test
  void shouldDeclareWhoMayCallEveryEndpoint() throws IOException {
    assertThat(EndpointTable.declared(applicationResources()))
        .allSatisfy(
            (endpoint, authentication) ->
                assertThat(authentication)
                    .as(endpoint)
                    .isIn(
                        EndpointTable.PUBLIC,
                        EndpointTable.OPERATOR,
                        EndpointTable.OPERATOR_OR_KEY_HOLDER));
  }

  @jakarta.ws.rs.Path("/v1/example")
  static class Example {
    @GET
    @PermitAll
    public String open() {
      return "";
    }

    @POST
    @jakarta.ws.rs.Path("things/{id}")
    @RolesAllowed(Roles.OPERATOR)
    public String change() {
      return "";
    }

    @GET
    @jakarta.ws.rs.Path("forgotten")
    public String forgotten() {
      return "";
    }
  }

  @Test
  void shouldFailWhenAnEndpointIsMissingMisdeclaredOrGone() {
    String table =
        """
        # Security

        ## Endpoints

        | endpoint | caller | authentication | limits |
        |---|---|---|---|
        | `GET /v1/example` | anyone | public | |
        | `POST /v1/example/things/{id}` | anyone | public: wrong | |
        | `DELETE /v1/example/gone` | operator | operator | |
        | `GET /q/health` | monitoring | none; management port | |
        """;

    List<String> differences =
        EndpointTable.differences(
            EndpointTable.declared(List.of(Example.class)), EndpointTable.documented(table));

    assertThat(differences)
        .containsExactly(
            "DELETE /v1/example/gone: in docs/security.md but no such endpoint in the code",
            "GET /v1/example/forgotten: in the code (undeclared (refused)) but not in"
                + " docs/security.md",
            "POST /v1/example/things/{id}: the code declares 'operator', the table says 'public'");
  }

  /** Every class under target/classes/io/vigil with a JAX-RS @Path. */
  private static List<Class<?>> applicationResources() throws IOException {
    Path classes = Path.of("target", "classes");
    List<Class<?>> resources = new ArrayList<>();
    try (Stream<Path> files = Files.walk(classes.resolve("io").resolve("vigil"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        String name =
            classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
        try {
          Class<?> type = Class.forName(name, false, EndpointTableTest.class.getClassLoader());
          if (type.isAnnotationPresent(jakarta.ws.rs.Path.class)) {
            resources.add(type);
          }
        } catch (ClassNotFoundException | LinkageError unloadable) {
          throw new AssertionError("cannot load " + name, unloadable);
        }
      }
    }
    return resources;
  }
}
