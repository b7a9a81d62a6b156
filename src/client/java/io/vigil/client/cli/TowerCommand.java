package io.vigil.client.cli;

import io.vigil.client.ErrorCode;
import io.vigil.client.VigilClientException;
import io.vigil.client.tower.MisbehaviourProof;
import io.vigil.client.tower.Tower;
import io.vigil.client.tower.TowerInfo;
import io.vigil.client.tower.TowerOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** The {@code vigil tower} commands. */
@Command(
    name = "tower",
    mixinStandardHelpOptions = true,
    description =
        "Watchtowers: add, list, inspect, retry and remove the towers that guard your channels.",
    subcommands = TowerCommand.Proof.class)
public final class TowerCommand extends KitCommand {

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description =
          "Add a tower; pins its chain, hub, hunter and receipt signer from /v1/watcher/info.")
  int add(@Parameters(paramLabel = "URL", description = "The tower's base URL.") String url) {
    try (TowerKit kit = TowerKit.open(options())) {
      Tower tower = kit.towers.add(url);
      output()
          .result(
              TowerViews.tower(tower, 0),
              "added "
                  + TowerViews.towerLine(tower, 0)
                  + "\n  receipt signer "
                  + tower.pinned().receiptSigner()
                  + ", hunter "
                  + tower.pinned().hunter());
      return ExitCodes.OK;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "The configured towers.")
  int list() {
    try (TowerKit kit = TowerKit.open(options())) {
      List<Tower> towers = kit.towers.list();
      List<Map<String, Object>> views =
          towers.stream()
              .map(t -> TowerViews.tower(t, kit.towers.store().pending(t.url()).size()))
              .toList();
      String text =
          towers.isEmpty()
              ? "no towers: vigil tower add URL"
              : towers.stream()
                  .map(t -> TowerViews.towerLine(t, kit.towers.store().pending(t.url()).size()))
                  .collect(Collectors.joining("\n"));
      output().result(Map.of("towers", views), text);
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "info",
      mixinStandardHelpOptions = true,
      description = "What a tower's /v1/watcher/info says now, compared with what was pinned.")
  int info(@Parameters(paramLabel = "URL") String url) {
    try (TowerKit kit = TowerKit.open(options())) {
      TowerInfo live = kit.towers.info(url);
      Optional<Tower> pinned =
          kit.towers.list().stream().filter(t -> t.url().equals(normalized(url))).findFirst();
      Map<String, Object> view = new LinkedHashMap<>(TowerViews.info(live));
      String drift = pinned.map(t -> drift(t.pinned(), live)).orElse(null);
      view.put("pinned", pinned.isPresent());
      view.put("differsFromPinned", drift);
      output()
          .result(
              view,
              TowerViews.info(live).toString()
                  + (pinned.isEmpty()
                      ? "\n  not added"
                      : drift == null
                          ? "\n  matches what was pinned"
                          : "\n  warning: differs from what was pinned: " + drift));
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "retry",
      mixinStandardHelpOptions = true,
      description = "Resend now what a tower (or every tower) has not acknowledged.")
  int retry(@Parameters(paramLabel = "URL", arity = "0..1") String url) {
    try (TowerKit kit = TowerKit.open(options())) {
      List<TowerOutcome> outcomes = kit.towers.retry(Optional.ofNullable(url));
      boolean misbehaved = outcomes.stream().anyMatch(TowerOutcome.Misbehaved.class::isInstance);
      boolean queued = outcomes.stream().anyMatch(TowerOutcome.Queued.class::isInstance);
      output()
          .result(
              Map.of("towers", outcomes.stream().map(TowerViews::outcome).toList()),
              outcomes.isEmpty()
                  ? "nothing pending"
                  : outcomes.stream()
                      .map(TowerViews::outcomeLine)
                      .collect(Collectors.joining("\n")));
      return misbehaved ? ExitCodes.MISBEHAVING : queued ? ExitCodes.PARTIAL : ExitCodes.OK;
    }
  }

  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      description = "Remove a tower and what is queued for it (receipts and proofs are kept).")
  int remove(@Parameters(paramLabel = "URL") String url) {
    try (TowerKit kit = TowerKit.open(options())) {
      if (!kit.towers.remove(url)) {
        throw VigilClientException.of(ErrorCode.NOT_FOUND, "no tower " + url + " is configured");
      }
      output().result(Map.of("removed", normalized(url)), "removed " + normalized(url));
      return ExitCodes.OK;
    }
  }

  /** {@code vigil tower proof}: misbehaviour proofs. */
  @Command(
      name = "proof",
      mixinStandardHelpOptions = true,
      description = "Proofs that a tower signed a wrong receipt: show them, verify one.")
  static final class Proof extends KitCommand {

    @Command(
        name = "show",
        mixinStandardHelpOptions = true,
        description = "Print the proofs kept for a tower, one JSON document each.")
    int show(@Parameters(paramLabel = "URL") String url) {
      try (TowerKit kit = TowerKit.open(options())) {
        List<MisbehaviourProof> proofs = kit.towers.store().proofs(normalized(url));
        output()
            .result(
                Map.of("proofs", proofs.stream().map(p -> parse(p.toJson())).toList()),
                proofs.isEmpty()
                    ? "no proofs for " + url
                    : proofs.stream()
                        .map(MisbehaviourProof::toJson)
                        .collect(Collectors.joining("\n")));
        return ExitCodes.OK;
      }
    }

    @Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description =
            "Check a proof file: exit 0 when it shows misbehaviour, 1 when the receipt in it is"
                + " correct.")
    int verify(@Parameters(paramLabel = "FILE") Path file) {
      String text;
      try {
        text = Files.readString(file);
      } catch (IOException unreadable) {
        throw VigilClientException.of(ErrorCode.USAGE, "cannot read " + file);
      }
      MisbehaviourProof proof = MisbehaviourProof.parse(text);
      MisbehaviourProof.Verification verified = proof.verify();
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("tower", proof.towerUrl());
      view.put("misbehaviour", verified.misbehaviour());
      view.put("signedByTower", verified.signedByTower());
      view.put("reason", verified.reason());
      output()
          .result(
              view,
              (verified.misbehaviour() ? "verified: " : "not misbehaviour: ")
                  + verified.reason()
                  + (verified.misbehaviour() && !verified.signedByTower()
                      ? " (not signed by the tower's pinned key: shows a failure to acknowledge)"
                      : ""));
      return verified.misbehaviour() ? ExitCodes.OK : ExitCodes.REFUSED;
    }

    private static Object parse(String json) {
      try {
        return io.vigil.client.http.JsonHttp.JSON.readTree(json);
      } catch (IOException unreadable) {
        throw new IllegalStateException(unreadable);
      }
    }
  }

  private static String drift(TowerInfo pinned, TowerInfo live) {
    if (pinned.chainId() != live.chainId() || !pinned.hub().equals(live.hub())) {
      return "chain or hub";
    }
    if (!pinned.receiptSigner().equals(live.receiptSigner())) {
      return "receipt signer " + live.receiptSigner() + " (pinned " + pinned.receiptSigner() + ")";
    }
    if (!pinned.hunter().equals(live.hunter())) {
      return "hunter " + live.hunter() + " (pinned " + pinned.hunter() + ")";
    }
    return null;
  }

  static String normalized(String url) {
    return new io.vigil.client.http.JsonHttp(url).baseUrl();
  }
}
