package io.sluice.cli;

import io.sluice.ml.ModelException;
import io.sluice.ml.train.SentimentTrainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sluice model}: models for scoring datasets. */
@Command(
    name = "model",
    description = "Models for scoring datasets.",
    subcommands = {ModelCommand.Train.class})
final class ModelCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** {@code sluice model train}: the Korean sentiment classifier, exported like an HF model. */
  @Command(
      name = "train",
      description = {
        "Train a sentiment classifier on labelled text (a TSV with the header id, document, label"
            + " as NSMC has it) and export it as a Hugging Face style ONNX folder (model.onnx,"
            + " tokenizer.json, config.json) that `score:` datasets load like any HF model.",
        "Prints the accuracy on a held-out part of the rows, scored through the exported files."
      })
  static final class Train implements Callable<Integer> {
    @Option(
        names = "--data",
        required = true,
        description =
            "The labelled TSV, e.g. ../shared/data/korean/nsmc_reconstructed_ratings_200k.tsv")
    Path data;

    @Option(names = "--out", required = true, description = "The model folder to write.")
    Path out;

    @Option(
        names = "--epochs",
        description = "Passes over the training rows (default ${DEFAULT-VALUE}).")
    int epochs = SentimentTrainer.Settings.defaults().epochs();

    @Option(
        names = "--max-rows",
        description = "Use at most this many rows (0: all; default ${DEFAULT-VALUE}).")
    int maxRows;

    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;

    @Override
    public Integer call() {
      SentimentTrainer.Settings settings =
          SentimentTrainer.Settings.defaults().withEpochs(epochs).withMaxRows(maxRows);
      try {
        SentimentTrainer.Report report =
            SentimentTrainer.train(data, out, settings, line -> System.out.println("  " + line));
        System.out.printf(
            Locale.ROOT,
            "Trained %s in %.1f s: held-out accuracy %.2f%% on %,d rows (training %.2f%% on %,d),"
                + " model.onnx %.1f MB%n",
            out,
            report.seconds(),
            100 * report.accuracy(),
            report.heldOutRows(),
            100 * report.trainAccuracy(),
            report.trainRows(),
            report.modelBytes() / 1e6);
        return Main.OK;
      } catch (IOException | ModelException e) {
        System.err.println("error: " + e.getMessage());
        if (verbose) {
          e.printStackTrace();
        }
        return Main.USAGE;
      }
    }
  }
}
