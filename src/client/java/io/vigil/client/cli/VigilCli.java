package io.vigil.client.cli;

import io.vigil.client.VigilClientException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The {@code vigil} command: the client kit for a wallet's owner or a bounty hunter, one subcommand
 * per thing it talks to. Exit codes are in {@link ExitCodes}; every command answers in JSON with
 * {@code --json}.
 */
@Command(
    name = "vigil",
    mixinStandardHelpOptions = true,
    version = "vigil-client 0.1.0",
    description = "Talk to Vigil servers: towers, channels, states, relays, routing, payments.",
    subcommands = {
      TowerCommand.class,
      ChannelCommand.class,
      StateCommand.class,
      RelayCommand.class,
      RouteCommand.class,
      PayInitCommand.class,
      HunterCommand.class
    })
public final class VigilCli implements Runnable {

  @Mixin CliOptions options;

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /** Runs one command line, printing to the given writers; returns the exit code. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    VigilCli root = new VigilCli();
    CommandLine line = new CommandLine(root).setOut(out).setErr(err);
    line.setExecutionExceptionHandler(
        (failure, command, parsed) -> {
          if (failure instanceof VigilClientException known) {
            return new Output(root.options, out, err).error(known);
          }
          throw failure;
        });
    return line.execute(args);
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(run(out, err, args));
  }
}
