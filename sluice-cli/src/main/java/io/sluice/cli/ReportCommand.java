package io.sluice.cli;

import io.sluice.core.plan.Plan;
import io.sluice.core.run.DashboardWriter;
import io.sluice.engine.spark.SparkLakeBrowser;
import io.sluice.engine.spark.SparkSessions;
import io.sluice.server.console.ReportExport;
import io.sluice.spec.DashboardSpec;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sluice report FILE}: the pipeline's dashboards as static HTML pages with PNGs. */
@Command(
    name = "report",
    description =
        "Export the pipeline's dashboards as self-contained HTML pages with a PNG per chart,"
            + " from the lake as it is now.")
final class ReportCommand implements Callable<Integer> {
  @Mixin PipelineOptions options;

  @Option(
      names = "--dashboard",
      paramLabel = "NAME",
      description = "Only this dashboard (default: every one).")
  String dashboard;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "DIR",
      defaultValue = "report",
      description = "Folder to write DIR/DASHBOARD/index.html into (default: ${DEFAULT-VALUE}).")
  Path output;

  @Override
  public Integer call() throws IOException {
    Plan plan = options.plan();
    List<DashboardSpec> chosen = new ArrayList<>();
    for (DashboardSpec spec : plan.spec().dashboards().values()) {
      if (dashboard == null || spec.name().equals(dashboard)) {
        chosen.add(spec);
      }
    }
    if (chosen.isEmpty()) {
      throw new SluiceException(
          ErrorCode.UNDEFINED_REFERENCE,
          dashboard == null
              ? "Pipeline "
                  + plan.spec().name()
                  + " declares no dashboards: add a 'dashboards:' section"
              : "Pipeline "
                  + plan.spec().name()
                  + " has no dashboard "
                  + dashboard
                  + "; it has "
                  + plan.spec().dashboards().keySet());
    }
    SparkSession spark = SparkSessions.create("sluice-report", plan.spec().settings());
    try {
      SparkLakeBrowser lake = new SparkLakeBrowser(spark, Duration.ofMinutes(10));
      ReportExport export = new ReportExport();
      int failedCharts = 0;
      for (DashboardSpec spec : chosen) {
        DashboardWriter.Written written =
            export.write(plan.spec().name(), spec, lake, output.resolve(spec.name()));
        System.out.printf(
            "%s: %d chart(s), %d PNG(s) (font %s) -> %s%n",
            spec.name(),
            spec.charts().size(),
            written.images().size(),
            export.fontName(),
            written.page());
        written.failedCharts().forEach(error -> System.out.println("  FAILED " + error));
        failedCharts += written.failedCharts().size();
      }
      if (failedCharts > 0) {
        return Main.RUN_FAILED;
      }
    } finally {
      spark.stop();
    }
    return Main.OK;
  }
}
