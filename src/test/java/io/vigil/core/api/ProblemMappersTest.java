package io.vigil.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.executable.ExecutableValidator;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProblemMappersTest {

  record Inner(@PositiveOrZero long nonce) {}

  record Body(@NotBlank String channelId, @jakarta.validation.Valid Inner state) {}

  static class Endpoint {
    public void submit(@jakarta.validation.Valid Body body) {}

    public void byHash(@NotBlank String hash) {}
  }

  record Terms(Long debt) {}

  record Message(List<Terms> entries) {}

  private final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

  @Test
  void shouldNameFieldInsideBodyWithoutMethodOrParameter() throws Exception {
    ExecutableValidator executables = validator.forExecutables();
    Method submit = Endpoint.class.getMethod("submit", Body.class);
    Set<ConstraintViolation<Endpoint>> violations =
        executables.validateParameters(
            new Endpoint(), submit, new Object[] {new Body("0x01", new Inner(-1))});
    assertThat(violations).hasSize(1);
    assertThat(ProblemMappers.fieldOf(violations.iterator().next().getPropertyPath()))
        .isEqualTo("state.nonce");
  }

  @Test
  void shouldNameParameterWhenItIsThePathParameter() throws Exception {
    Method byHash = Endpoint.class.getMethod("byHash", String.class);
    Set<ConstraintViolation<Endpoint>> violations =
        validator.forExecutables().validateParameters(new Endpoint(), byHash, new Object[] {" "});
    assertThat(violations).hasSize(1);
    assertThat(ProblemMappers.fieldOf(violations.iterator().next().getPropertyPath()))
        .isIn("hash", "arg0");
  }

  @Test
  void shouldAnswerProblemJsonNamingTheField() {
    Response response = Problem.invalidField("state.nonce", "must not be negative").toResponse();
    assertThat(response.getStatus()).isEqualTo(400);
    assertThat(response.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
    Problem body = (Problem) response.getEntity();
    assertThat(body.field()).isEqualTo("state.nonce");
    assertThat(body.detail()).isEqualTo("state.nonce: must not be negative");
  }

  @Test
  void shouldNameTheFieldWhenANumberIsTooLargeForIt() {
    ObjectMapper json = new ObjectMapper();
    JsonProcessingException flat =
        catchThrowableOfType(
            JsonProcessingException.class,
            () -> json.readValue("{\"debt\": 100000000000000000000}", Terms.class));
    JsonProcessingException nested =
        catchThrowableOfType(
            JsonProcessingException.class,
            () ->
                json.readValue(
                    "{\"entries\": [{\"debt\": 1}, {\"debt\": -9223372036854775809}]}",
                    Message.class));
    JsonProcessingException truncated =
        catchThrowableOfType(
            JsonProcessingException.class, () -> json.readValue("{\"debt\": ", Terms.class));

    assertThat(ProblemMappers.fieldOf(flat)).isEqualTo("debt");
    assertThat(ProblemMappers.fieldOf(nested)).isEqualTo("entries.1.debt");
    assertThat(ProblemMappers.fieldOf(truncated)).isEqualTo("body");
  }
}
