package io.vigil.testsupport;

import static org.hamcrest.Matchers.equalTo;

import io.restassured.response.ValidatableResponse;

/** Assertions on the problem documents (application/problem+json) Vigil refuses requests with. */
public final class ProblemResponses {

  private ProblemResponses() {}

  /**
   * Asserts that {@code response} refuses a body over the size limit: 413 with the too-large
   * problem on field {@code body} and this detail.
   */
  public static ValidatableResponse assertTooLarge(ValidatableResponse response, String detail) {
    return response
        .statusCode(413)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:vigil:problem:too-large"))
        .body("status", equalTo(413))
        .body("field", equalTo("body"))
        .body("detail", equalTo(detail));
  }
}
