package io.vigil.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * Writes one benchmark's section of docs/benchmarks.md, between {@code <!-- bench:NAME -->} and
 * {@code <!-- /bench:NAME -->}, replacing what an earlier run wrote and keeping other sections.
 */
public final class BenchReport {

  private BenchReport() {}

  public static Path file() {
    return Path.of(System.getProperty("vigil-bench.report", "docs/benchmarks.md"));
  }

  public static synchronized void section(String name, String markdown) {
    Path file = file();
    try {
      String text =
          Files.exists(file)
              ? Files.readString(file)
              : "# Benchmarks\n\nWritten by `mvn -Pbench verify`. Each figure sits next to the"
                  + " limit measured in the same run on the same machine.\n";
      String open = "<!-- bench:" + name + " -->";
      String close = "<!-- /bench:" + name + " -->";
      String block =
          open
              + "\n"
              + markdown.strip()
              + "\n\n_Measured "
              + LocalDate.now()
              + " on "
              + Runtime.getRuntime().availableProcessors()
              + " cores, "
              + System.getProperty("java.vm.name")
              + " "
              + System.getProperty("java.version")
              + loadAverage()
              + "._\n"
              + close;
      int start = text.indexOf(open);
      int end = text.indexOf(close);
      if (start >= 0 && end > start) {
        text = text.substring(0, start) + block + text.substring(end + close.length());
      } else {
        text = text.stripTrailing() + "\n\n" + block + "\n";
      }
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The machine's 1-minute load average as the section is written, so a reader sees how busy the
   * shared machine was (other processes take the same cores).
   */
  private static String loadAverage() {
    try {
      String first = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
      return ", load average " + first + " (1 min) when written";
    } catch (IOException | RuntimeException unavailable) {
      return "";
    }
  }
}
