package io.vigil.client.cli;

import io.vigil.client.tower.CoverageReport;
import io.vigil.client.tower.DelegationReport;
import io.vigil.client.tower.Tower;
import io.vigil.client.tower.TowerInfo;
import io.vigil.client.tower.TowerOutcome;
import io.vigil.client.tower.TowerReceipt;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON and text forms of the towers' results, as the CLI prints them. */
final class TowerViews {

  private TowerViews() {}

  static Map<String, Object> info(TowerInfo info) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("chainId", info.chainId());
    view.put("hub", info.hub().hex());
    view.put("hunter", info.hunter().hex());
    view.put("receiptSigner", info.receiptSigner().hex());
    Map<String, Object> policy = new LinkedHashMap<>();
    policy.put("minChallengePeriodSeconds", info.policy().minChallengePeriodSeconds());
    policy.put("minValueAtStakeWei", info.policy().minValueAtStakeWei().toString());
    policy.put("disputeGas", info.policy().disputeGas());
    policy.put("priceMargin", info.policy().priceMargin());
    view.put("policy", policy);
    return view;
  }

  static Map<String, Object> tower(Tower tower, int pending) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("url", tower.url());
    view.put("state", tower.state().name());
    view.put("reason", tower.reason());
    view.put("since", time(tower.since()));
    view.put("failures", tower.failures());
    view.put("nextRetryAt", time(tower.nextRetryAt()));
    view.put("pending", pending);
    view.put("pinned", info(tower.pinned()));
    return view;
  }

  static String towerLine(Tower tower, int pending) {
    return tower.url()
        + "  "
        + tower.state()
        + " since "
        + tower.since()
        + (tower.reason() == null ? "" : " (" + tower.reason() + ")")
        + (pending > 0 ? ", " + pending + " pending" : "")
        + (tower.nextRetryAt() == null ? "" : ", next retry " + tower.nextRetryAt());
  }

  static Map<String, Object> receipt(TowerReceipt receipt) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("tower", receipt.towerUrl());
    view.put("channelId", receipt.channelId().hex());
    view.put("nonce", receipt.nonce());
    view.put("acceptedAtBlock", receipt.acceptedAtBlock());
    view.put("signer", receipt.signer().hex());
    view.put("signature", receipt.signature().hex());
    view.put("receivedAt", time(receipt.receivedAt()));
    return view;
  }

  static Map<String, Object> outcome(TowerOutcome outcome) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("tower", outcome.url());
    switch (outcome) {
      case TowerOutcome.Acknowledged ack -> {
        view.put("outcome", "acknowledged");
        view.put("receipt", receipt(ack.receipt()));
      }
      case TowerOutcome.Queued queued -> {
        view.put("outcome", "queued");
        view.put("code", queued.code().code());
        view.put("reason", queued.reason());
      }
      case TowerOutcome.Refused refused -> {
        view.put("outcome", "refused");
        view.put("status", refused.status());
        view.put("type", refused.problemType());
        view.put("reason", refused.reason());
      }
      case TowerOutcome.Misbehaved bad -> {
        view.put("outcome", "misbehaving");
        view.put("reason", bad.proof().reason());
      }
      case TowerOutcome.Skipped skipped -> {
        view.put("outcome", "skipped");
        view.put("reason", skipped.reason());
      }
    }
    return view;
  }

  static String outcomeLine(TowerOutcome outcome) {
    Map<String, Object> view = outcome(outcome);
    Object reason = view.get("reason");
    return outcome.url()
        + "  "
        + view.get("outcome")
        + (reason == null ? "" : ": " + reason)
        + (outcome instanceof TowerOutcome.Acknowledged ack
            ? " (nonce "
                + ack.receipt().nonce()
                + ", block "
                + ack.receipt().acceptedAtBlock()
                + ")"
            : "");
  }

  static Map<String, Object> report(DelegationReport report) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("channelId", report.state().channelId().hex());
    view.put("nonce", report.state().nonce());
    view.put(
        "result",
        report.misbehaved()
            ? "misbehaving"
            : report.met() ? "ok" : report.partial() ? "partial" : "refused");
    view.put("required", report.required());
    view.put("acknowledged", report.acknowledged());
    view.put("queued", report.queued());
    view.put("towers", report.outcomes().stream().map(TowerViews::outcome).toList());
    view.put("warnings", report.warnings());
    return view;
  }

  static Map<String, Object> coverage(CoverageReport report) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("channelId", report.channelId().hex());
    view.put("latestNonce", report.latestNonce());
    view.put("holdingLatest", report.holdingLatest());
    view.put("settled", report.settled());
    List<Map<String, Object>> towers =
        report.towers().stream()
            .map(
                t -> {
                  Map<String, Object> row = new LinkedHashMap<>();
                  row.put("url", t.url());
                  row.put("state", t.state().name());
                  row.put("receiptNonce", t.receiptNonce());
                  row.put("holdsLatest", t.holdsLatest());
                  row.put("since", time(t.since()));
                  row.put("acceptedAtBlock", t.acceptedAtBlock());
                  row.put("protection", t.protection());
                  row.put("willAct", t.willAct());
                  return row;
                })
            .toList();
    view.put("towers", towers);
    view.put("warnings", report.warnings());
    return view;
  }

  static String coverageText(CoverageReport report) {
    StringBuilder text =
        new StringBuilder(
            report.channelId()
                + " latest nonce "
                + report.latestNonce()
                + ": held by "
                + report.holdingLatest()
                + " of "
                + report.towers().size()
                + " towers"
                + (report.settled() ? " (settled; pruned)" : ""));
    for (CoverageReport.TowerCoverage t : report.towers()) {
      text.append("\n  ")
          .append(t.url())
          .append("  ")
          .append(t.state())
          .append(t.holdsLatest() ? "  holds it since " + t.since() : "  does not hold it")
          .append("  will act: ")
          .append(t.willAct());
    }
    report.warnings().forEach(w -> text.append("\n  warning: ").append(w));
    return text.toString();
  }

  static String time(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
