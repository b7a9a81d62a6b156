package io.vigil.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * Writes one section of docs/reliability.md between {@code <!-- reliability:NAME -->} and {@code
 * <!-- /reliability:NAME -->}, replacing what an earlier run wrote and keeping the rest of the file
 * (the same scheme as the benchmark report of docs/benchmarks.md).
 */
public final class ReliabilityReport {

  private ReliabilityReport() {}

  public static Path file() {
    return Path.of(System.getProperty("vigil-reliability.report", "docs/reliability.md"));
  }

  public static synchronized void section(String name, String markdown) {
    Path file = file();
    try {
      String text =
          Files.exists(file)
              ? Files.readString(file)
              : "# Reliability\n\nWritten by `mvn -Preliability verify`.\n";
      String open = "<!-- reliability:" + name + " -->";
      String close = "<!-- /reliability:" + name + " -->";
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
}
