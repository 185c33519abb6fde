package io.sluice.bench;

/** The {@code --rows N --rounds R} arguments of a bench, with its defaults. */
record RowsAndRounds(long rows, int rounds) {
  static RowsAndRounds parse(String[] args, long rows, int rounds) {
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rows" -> rows = Long.parseLong(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        default ->
            throw new IllegalArgumentException(
                "unknown argument " + args[i] + "; use --rows N --rounds R");
      }
    }
    return new RowsAndRounds(rows, rounds);
  }
}
