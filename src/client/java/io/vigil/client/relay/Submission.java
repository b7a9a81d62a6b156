package io.vigil.client.relay;

import java.util.List;
import java.util.Optional;

/**
 * The result of handing one transaction or state to every configured relay: the request id to
 * follow, and each relay's answer. It exists only when at least one relay accepted.
 */
public record Submission(String requestId, String txHash, List<RelayAnswer> answers) {

  public Submission {
    answers = List.copyOf(answers);
  }

  public List<RelayAnswer.Accepted> accepted() {
    return answers.stream()
        .filter(RelayAnswer.Accepted.class::isInstance)
        .map(RelayAnswer.Accepted.class::cast)
        .toList();
  }

  public List<RelayAnswer.NotAccepted> notAccepted() {
    return answers.stream()
        .filter(RelayAnswer.NotAccepted.class::isInstance)
        .map(RelayAnswer.NotAccepted.class::cast)
        .toList();
  }

  /** The status of the first relay that accepted. */
  public Optional<RelayStatus> firstStatus() {
    return accepted().stream().map(RelayAnswer.Accepted::status).findFirst();
  }
}
