package io.sluice.cli;

import io.sluice.ml.ModelException;
import io.sluice.ml.train.SentimentTrainer;
import io.sluice.ml.train.TrainingData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
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

  /** {@code sluice model train}: a sentiment classifier, exported like an HF model. */
  @Command(
      name = "train",
      description = {
        "Train a sentiment classifier on labelled text and export it as a Hugging Face style ONNX"
            + " folder (model.onnx, tokenizer.json, config.json) that `score:` datasets load like"
            + " any HF model. The text is a TSV with the header id, document, label as NSMC has"
            + " it, or JSON records (JSON lines, or the objects of a JSON document) labelled by"
            + " their rating: --text FIELD --rating FIELD, >= --positive-from positive, <="
            + " --negative-to negative, the rest left out.",
        "Prints the accuracy on a held-out part of the rows, scored through the exported files.",
        "Examples:",
        "  sluice model train --data ../shared/data/korean/nsmc_reconstructed_ratings_200k.tsv"
            + " --out models/korean",
        "  sluice generate movie-reviews --rows 40000 -o reviews.jsonl",
        "  sluice model train --data reviews.jsonl --text review_detail --rating rating --words"
            + " 20000 --out models/english"
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

    @Option(
        names = "--text",
        description = "JSON records: the field holding the text (e.g. review_detail).")
    String text;

    @Option(
        names = "--rating",
        description =
            "JSON records: the field holding the rating (a number, or text such as \"8\").")
    String rating;

    @Option(
        names = "--positive-from",
        description = "Ratings at least this are positive (default ${DEFAULT-VALUE}).")
    double positiveFrom = 7;

    @Option(
        names = "--negative-to",
        description = "Ratings at most this are negative (default ${DEFAULT-VALUE}).")
    double negativeTo = 4;

    @Option(
        names = "--words",
        description =
            "Also put up to this many frequent whole words in the vocabulary (English; 0: characters"
                + " only, as for Korean; default ${DEFAULT-VALUE}).")
    int words;

    @Option(
        names = "--buckets",
        description = "Hashed token-pair weights (default ${DEFAULT-VALUE}; 4 bytes each).")
    int buckets = SentimentTrainer.Settings.defaults().buckets();

    @Option(
        names = "--max-length",
        description = "Tokens read per text (default ${DEFAULT-VALUE}).")
    int maxLength = SentimentTrainer.Settings.defaults().maxLength();

    @Option(
        names = "--evaluate",
        description =
            "Also report the accuracy on this file's labelled rows (same layout as --data), such"
                + " as reviews generated with another seed.")
    Path evaluate;

    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;

    @Override
    public Integer call() {
      if ((text == null) != (rating == null)) {
        System.err.println("error: --text and --rating go together (the fields of JSON records)");
        return Main.USAGE;
      }
      if (buckets < 1 || maxLength < 3 || words < 0) {
        System.err.println(
            "error: --buckets must be at least 1, --max-length at least 3, --words 0 or more");
        return Main.USAGE;
      }
      SentimentTrainer.Settings settings =
          SentimentTrainer.Settings.defaults()
              .withEpochs(epochs)
              .withMaxRows(maxRows)
              .withWords(words, buckets, maxLength)
              .withReproduce(reproduce());
      try {
        Optional<TrainingData.Ratings> ratings =
            text == null
                ? Optional.empty()
                : Optional.of(new TrainingData.Ratings(text, rating, positiveFrom, negativeTo));
        SentimentTrainer.Report report =
            SentimentTrainer.train(
                data, ratings, out, settings, line -> System.out.println("  " + line));
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
        if (evaluate != null) {
          TrainingData.Read other = TrainingData.read(evaluate, ratings);
          System.out.printf(
              Locale.ROOT,
              "Accuracy on %s: %.2f%% of %,d labelled rows%n",
              evaluate,
              100 * SentimentTrainer.accuracy(out, other.examples()),
              other.examples().size());
        }
        return Main.OK;
      } catch (IOException | ModelException | IllegalArgumentException e) {
        System.err.println("error: " + e.getMessage());
        if (verbose) {
          e.printStackTrace();
        }
        return Main.USAGE;
      }
    }

    /** The command that trains this model again, recorded in its config.json. */
    private String reproduce() {
      StringBuilder command =
          new StringBuilder("./sluice model train --data " + data + " --out " + out);
      SentimentTrainer.Settings defaults = SentimentTrainer.Settings.defaults();
      if (text != null) {
        command.append(" --text ").append(text).append(" --rating ").append(rating);
        command.append(" --positive-from ").append(trim(positiveFrom));
        command.append(" --negative-to ").append(trim(negativeTo));
      }
      if (epochs != defaults.epochs()) {
        command.append(" --epochs ").append(epochs);
      }
      if (maxRows != 0) {
        command.append(" --max-rows ").append(maxRows);
      }
      if (words != 0) {
        command.append(" --words ").append(words);
      }
      if (buckets != defaults.buckets()) {
        command.append(" --buckets ").append(buckets);
      }
      if (maxLength != defaults.maxLength()) {
        command.append(" --max-length ").append(maxLength);
      }
      return command.toString();
    }

    private static String trim(double value) {
      return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
  }
}
