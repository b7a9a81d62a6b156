package io.vigil.fuzz;

import io.vigil.fuzz.TopicRecord.Expected;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** What a topic fuzzing run produced and saw, per consumed topic, and every finding. */
final class TopicFigures {

  /** Counts of one topic. */
  private static final class Counts {
    long tried;
    long expectedSetAside;
    long setAside;
    long processed;
    long sentinels;
    final Map<String, Long> reasons = new TreeMap<>();
    final Map<String, Long> recipes = new TreeMap<>();
  }

  private final Map<ConsumedTopic, Counts> counts = new EnumMap<>(ConsumedTopic.class);
  private final List<String> findings = new ArrayList<>();
  private final TreeSet<String> unattributed = new TreeSet<>();
  private final Map<String, Long> nanos = new TreeMap<>();
  private long batches;
  private long replayed;
  private long duplicateLetters;

  TopicFigures() {
    for (ConsumedTopic topic : ConsumedTopic.values()) {
      counts.put(topic, new Counts());
    }
  }

  synchronized void tried(TopicRecord record) {
    Counts c = counts.get(record.topic());
    c.tried++;
    if (record.expected() == Expected.SET_ASIDE) {
      c.expectedSetAside++;
    }
    String kind = record.recipe().split(" ")[0];
    c.recipes.merge(kind, 1L, Long::sum);
  }

  synchronized void setAside(TopicRecord record, String reason) {
    Counts c = counts.get(record.topic());
    c.setAside++;
    c.reasons.merge(reason.substring(0, Math.max(0, reason.indexOf(':'))), 1L, Long::sum);
  }

  synchronized void processed(TopicRecord record) {
    counts.get(record.topic()).processed++;
  }

  synchronized void sentinel(ConsumedTopic topic) {
    counts.get(topic).sentinels++;
  }

  synchronized void batchChecked() {
    batches++;
  }

  synchronized void replayed() {
    replayed++;
  }

  synchronized void unattributed(List<String> tables) {
    unattributed.addAll(tables);
  }

  synchronized void duplicateLetters(long extra) {
    duplicateLetters += extra;
  }

  synchronized void finding(String finding) {
    findings.add(finding);
  }

  synchronized void timed(String what, long elapsed) {
    nanos.merge(what, elapsed, Long::sum);
  }

  synchronized long tried() {
    return counts.values().stream().mapToLong(c -> c.tried).sum();
  }

  synchronized long tried(ConsumedTopic topic) {
    return counts.get(topic).tried;
  }

  synchronized List<String> findings() {
    return List.copyOf(findings);
  }

  /** The figures as markdown. */
  synchronized String markdown(String command, Duration took, List<String> tables) {
    StringBuilder out = new StringBuilder();
    out.append("Command: `").append(command).append("`\n\n");
    out.append(
        "| topic | records produced | of which must be set aside | set aside (by reason) |"
            + " processed | sentinels applied |\n|---|---|---|---|---|---|\n");
    counts.forEach(
        (topic, c) ->
            out.append("| `")
                .append(topic.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
                .append("` | ")
                .append(c.tried)
                .append(" | ")
                .append(c.expectedSetAside)
                .append(" | ")
                .append(c.setAside)
                .append(
                    c.reasons.isEmpty()
                        ? ""
                        : " ("
                            + c.reasons.entrySet().stream()
                                .map(e -> e.getKey() + " " + e.getValue())
                                .collect(Collectors.joining(", "))
                            + ")")
                .append(" | ")
                .append(c.processed)
                .append(" | ")
                .append(c.sentinels)
                .append(" |\n"));
    out.append("\n| figure | value |\n|---|---|\n");
    row(out, "records produced, sentinels and replays included", String.valueOf(tried()));
    row(out, "batches checked (offsets, dead letters, table checksums, readiness)", "" + batches);
    row(out, "poison records sent again alone to pin a table change", "" + replayed);
    row(out, "records dead-lettered more than once", "" + duplicateLetters);
    row(
        out,
        "table changes over a poison batch that no record repeated alone",
        unattributed.isEmpty() ? "none" : String.join(", ", unattributed));
    row(out, "findings", String.valueOf(findings.size()));
    row(
        out,
        "duration",
        took.toSeconds()
            + " s"
            + nanos.entrySet().stream()
                .map(e -> ", " + e.getKey() + " " + e.getValue() / 1_000_000_000 + " s")
                .collect(Collectors.joining()));
    row(out, "tables checked (row count and md5 of their rows)", String.join(", ", tables));
    out.append("\n| topic | records by recipe |\n|---|---|\n");
    counts.forEach(
        (topic, c) ->
            out.append("| `")
                .append(topic.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
                .append("` | ")
                .append(
                    c.recipes.entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining(", ")))
                .append(" |\n"));
    if (!findings.isEmpty()) {
      out.append("\nFindings:\n\n");
      findings.forEach(f -> out.append("- ").append(f.replace("\n", " ")).append('\n'));
    }
    return out.toString();
  }

  private static void row(StringBuilder out, String name, String value) {
    out.append("| ").append(name).append(" | ").append(value).append(" |\n");
  }
}
