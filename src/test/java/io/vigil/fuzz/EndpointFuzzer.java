package io.vigil.fuzz;

import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;

/**
 * How to make requests for one JAX-RS endpoint: its verb and path template as the resource declares
 * them, who may call it, a plausible value for each path parameter, and valid example bodies (as
 * docs/api.md describes them) to mutate; {@code example} is null for a body-less one.
 */
record EndpointFuzzer(
    String method,
    String template,
    Access access,
    Map<String, Arbitrary<String>> parameters,
    Arbitrary<String> example) {

  enum Access {
    PUBLIC,
    OPERATOR,
    HOLDER
  }

  static EndpointFuzzer of(
      String method,
      String template,
      Access access,
      Map<String, Arbitrary<String>> parameters,
      Arbitrary<String> example) {
    List<String> named =
        java.util.regex.Pattern.compile("\\{([^}]+)}")
            .matcher(template)
            .results()
            .map(m -> m.group(1))
            .toList();
    if (!parameters.keySet().equals(java.util.Set.copyOf(named))) {
      throw new IllegalArgumentException(
          template + ": parameters " + parameters.keySet() + " do not match " + named);
    }
    return new EndpointFuzzer(method, template, access, parameters, example);
  }

  /** The endpoint's name as docs/security.md and the resource classes give it. */
  String key() {
    return method + " " + template;
  }
}
