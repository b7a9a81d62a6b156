package io.vigil.client.cli;

import io.vigil.client.routing.FollowEvent;
import io.vigil.client.routing.FollowReport;
import io.vigil.client.routing.OriginationOutcome;
import io.vigil.client.routing.PollResult;
import io.vigil.client.routing.RouteAnswer;
import io.vigil.core.protocol.Amounts;
import io.vigil.core.protocol.Bundle;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON and text forms of the routing commands' answers. Amounts are decimal strings in their
 * canonical form, as on the wire.
 */
final class RouteViews {

  private RouteViews() {}

  static Map<String, Object> origination(OriginationOutcome outcome) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("server", outcome.server());
    view.put("outcome", outcome.outcome());
    switch (outcome) {
      case OriginationOutcome.Accepted accepted -> {
        view.put("amount", Amounts.text(accepted.amount()));
        view.put("nextHop", accepted.nextHop());
        view.put("forwardedTo", accepted.forwardedTo());
      }
      case OriginationOutcome.Replaced replaced -> {
        view.put("amount", Amounts.text(replaced.amount()));
        view.put("nextHop", replaced.nextHop());
        view.put("forwardedTo", replaced.forwardedTo());
      }
      case OriginationOutcome.Dropped dropped -> view.put("reason", dropped.reason());
      case OriginationOutcome.Failed failed -> {
        view.put("code", failed.code().code());
        view.put("retryable", failed.code().retryable());
        view.put("detail", failed.detail());
      }
    }
    return view;
  }

  static String originationLine(OriginationOutcome outcome) {
    return switch (outcome) {
      case OriginationOutcome.Accepted a ->
          a.server()
              + ": accepted, advertises "
              + Amounts.text(a.amount())
              + " to "
              + a.forwardedTo();
      case OriginationOutcome.Replaced r ->
          r.server() + ": replaced a dearer route, advertises " + Amounts.text(r.amount());
      case OriginationOutcome.Dropped d -> d.server() + ": dropped (" + d.reason() + ")";
      case OriginationOutcome.Failed f ->
          f.server() + ": failed [" + f.code().code() + "] " + f.detail();
    };
  }

  static Map<String, Object> answer(RouteAnswer answer) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("server", answer.server());
    switch (answer) {
      case RouteAnswer.Route route -> {
        view.put("answer", "route");
        view.put("amount", Amounts.text(route.amount()));
        view.put("unit", route.unit());
        view.put("nextHop", route.nextHop());
        view.put("expiresAt", route.expiresAt());
      }
      case RouteAnswer.NoRoute none -> view.put("answer", "no-route");
      case RouteAnswer.Failed failed -> {
        view.put("answer", "failed");
        view.put("code", failed.code().code());
        view.put("retryable", failed.code().retryable());
        view.put("detail", failed.detail());
      }
    }
    return view;
  }

  static Map<String, Object> poll(PollResult result) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("hash", result.hash());
    view.put("best", result.best().map(RouteViews::answer).orElse(null));
    view.put("answers", result.answers().stream().map(RouteViews::answer).toList());
    return view;
  }

  static String pollText(PollResult result) {
    StringBuilder text = new StringBuilder();
    result
        .best()
        .ifPresentOrElse(
            best ->
                text.append("best: send ")
                    .append(Amounts.text(best.amount()))
                    .append(' ')
                    .append(best.unit())
                    .append(" to ")
                    .append(best.server())
                    .append(" (next hop ")
                    .append(best.nextHop())
                    .append(")\n"),
            () -> text.append("no route yet\n"));
    for (RouteAnswer answer : result.answers()) {
      Map<String, Object> view = answer(answer);
      text.append("  ").append(answer.server()).append(": ").append(view.get("answer"));
      if (view.containsKey("amount")) {
        text.append(' ').append(view.get("amount")).append(' ').append(view.get("unit"));
      }
      if (view.containsKey("detail")) {
        text.append(" [").append(view.get("code")).append("] ").append(view.get("detail"));
      }
      text.append('\n');
    }
    return text.toString().stripTrailing();
  }

  static Map<String, Object> follow(FollowReport report) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("server", report.server());
    view.put("node", report.node());
    view.put("tableId", report.tableId());
    view.put("lastSeq", report.lastSeq());
    view.put("serverLastSeq", report.serverLastSeq());
    view.put("misbehaving", report.misbehaving());
    view.put("bundles", report.bundles());
    view.put("events", report.events().stream().map(RouteViews::event).toList());
    return view;
  }

  static Map<String, Object> event(FollowEvent event) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("kind", event.kind());
    view.put("misbehaving", event.misbehaving());
    switch (event) {
      case FollowEvent.GapDetected gap -> range(view, gap.from(), gap.to());
      case FollowEvent.BundlesTrimmed trimmed -> range(view, trimmed.from(), trimmed.to());
      case FollowEvent.TableChanged changed -> {
        view.put("previousTableId", changed.previousTableId());
        view.put("tableId", changed.tableId());
      }
      case FollowEvent.ReplayDetected replay -> {
        view.put("seq", replay.seq());
        view.put("conflicting", replay.conflicting());
      }
      case FollowEvent.ForgedBundle forged -> {
        view.put("seq", forged.seq());
        view.put("reason", forged.reason());
        view.put("signer", forged.signer());
      }
    }
    return view;
  }

  private static void range(Map<String, Object> view, long from, long to) {
    view.put("from", from);
    view.put("to", to);
  }

  static String followText(FollowReport report) {
    StringBuilder text = new StringBuilder();
    for (Bundle bundle : report.bundles()) {
      text.append("bundle ").append(bundle.seq()).append(" (").append(bundle.messages().size());
      text.append(" messages)\n");
      bundle
          .messages()
          .forEach(
              m ->
                  text.append("  to ")
                      .append(m.to())
                      .append(' ')
                      .append(m.hash())
                      .append(' ')
                      .append(m.amount())
                      .append(" ttl ")
                      .append(m.ttl())
                      .append('\n'));
    }
    for (FollowEvent event : report.events()) {
      text.append(event.kind()).append(": ").append(event(event)).append('\n');
    }
    text.append("cursor: table ")
        .append(report.tableId())
        .append(" seq ")
        .append(report.lastSeq())
        .append(" of ")
        .append(report.serverLastSeq());
    return text.toString();
  }

  static List<Map<String, Object>> originations(List<OriginationOutcome> outcomes) {
    return outcomes.stream().map(RouteViews::origination).toList();
  }
}
