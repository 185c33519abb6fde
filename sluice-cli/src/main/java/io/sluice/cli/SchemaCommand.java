package io.sluice.cli;

import io.sluice.core.ConnectorRegistry;
import io.sluice.core.docs.JsonSchemaGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sluice schema}: the JSON Schema of pipeline files, for editors. */
@Command(
    name = "schema",
    description = "Print the JSON Schema of pipeline files (for editor completion).")
final class SchemaCommand implements Callable<Integer> {
  @Option(
      names = {"-o", "--output"},
      description = "Write to this file instead of standard output.")
  Path output;

  @Override
  public Integer call() throws IOException {
    String schema = JsonSchemaGenerator.generate(ConnectorRegistry.load());
    Output.emit(output, schema);
    return Main.OK;
  }
}
