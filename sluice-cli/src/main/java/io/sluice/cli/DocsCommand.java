package io.sluice.cli;

import io.sluice.core.ConnectorRegistry;
import io.sluice.core.docs.ReferenceDocs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sluice docs}: the option reference, generated from the option constants. */
@Command(
    name = "docs",
    description = "Print the reference of every key and connector option (Markdown).")
final class DocsCommand implements Callable<Integer> {
  @Option(
      names = {"-o", "--output"},
      description = "Write to this file instead of standard output.")
  Path output;

  @Override
  public Integer call() throws IOException {
    String docs = ReferenceDocs.generate(ConnectorRegistry.load());
    Output.emit(output, docs);
    return Main.OK;
  }
}
