package io.vigil.client.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every command of the CLI reaches: the shared options and the way to answer. */
public abstract class KitCommand {

  @Spec protected CommandSpec spec;

  /** The root command's options (--home, --json). */
  protected CliOptions options() {
    return ((VigilCli) spec.root().userObject()).options;
  }

  protected Output output() {
    return new Output(options(), spec.commandLine().getOut(), spec.commandLine().getErr());
  }
}
