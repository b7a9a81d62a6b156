package io.vigil.core.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vigil.core.ImportedMainClasses;
import jakarta.ws.rs.Path;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * {@link BodyLimit} reads chunked bodies ahead of RESTEasy; only blocking endpoints take such a
 * body over whole, so no endpoint may be non-blocking.
 */
class BodyLimitTest {

  private static final JavaClasses MAIN = ImportedMainClasses.ALL;

  @Test
  void shouldFindNoNonBlockingEndpointThatWouldLoseAChunkedBody() {
    noMethods()
        .that()
        .areDeclaredInClassesThat()
        .areAnnotatedWith(Path.class)
        .and()
        .arePublic()
        .should()
        .haveRawReturnType(Uni.class)
        .orShould()
        .haveRawReturnType(Multi.class)
        .orShould()
        .haveRawReturnType(CompletionStage.class)
        .orShould()
        .beAnnotatedWith(NonBlocking.class)
        .because("a non-blocking RESTEasy endpoint sees an empty body once BodyLimit has read it")
        .check(MAIN);
  }
}
