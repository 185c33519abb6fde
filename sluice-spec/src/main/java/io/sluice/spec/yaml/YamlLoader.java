package io.sluice.spec.yaml;

import io.sluice.spec.Problem;
import io.sluice.spec.Problems;
import io.sluice.spi.ErrorCode;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Parses YAML text into {@link YamlNode}s with positions, reporting syntax errors as problems. */
public final class YamlLoader {
  /**
   * The longest pipeline file read, in characters: 256 Ki, twenty times the largest example.
   * SnakeYAML's reader copies its window for every chunk of a long scalar, so a file of megabytes
   * would cost gigabytes of memory to refuse; a bigger file is refused before it is parsed.
   */
  public static final int MAX_CHARS = 256 * 1024;

  private static final int MAX_DEPTH = 50;
  private final String file;
  private final List<String> lines;

  private YamlLoader(String file, String text) {
    this.file = file;
    this.lines = text.lines().toList();
  }

  /** Parses {@code text}; on a syntax error adds a problem and returns empty. */
  public static Optional<YamlNode> load(String file, String text, Problems problems) {
    return new YamlLoader(file, text).load(text, problems);
  }

  private Optional<YamlNode> load(String text, Problems problems) {
    if (text.length() > MAX_CHARS) {
      problems.add(
          new Problem(
              at(text, MAX_CHARS),
              ErrorCode.INVALID_VALUE,
              "Cannot load a pipeline file of "
                  + text.length()
                  + " characters: the limit is "
                  + MAX_CHARS
                  + " (it is exceeded here)",
              "split the pipeline, or keep long text out of it"));
      return Optional.empty();
    }
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(true); // reported by us, with both positions
    options.setMaxAliasesForCollections(50);
    options.setNestingDepthLimit(MAX_DEPTH);
    try {
      Node root = new Yaml(options).compose(new StringReader(text));
      if (root == null) {
        return Optional.empty();
      }
      return Optional.of(convert(root, problems));
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      Position position =
          mark == null
              ? new Position(file, 1, 1)
              : new Position(file, mark.getLine() + 1, mark.getColumn() + 1);
      String problem = e.getProblem() == null ? "unreadable YAML" : e.getProblem();
      String context = e.getContext() == null ? "" : " " + e.getContext();
      problems.add(
          new Problem(
              position,
              ErrorCode.YAML_SYNTAX,
              "Cannot parse YAML: " + problem + context,
              "check the indentation and quoting around this line; tabs are not allowed"));
      return Optional.empty();
    } catch (org.yaml.snakeyaml.reader.ReaderException e) {
      problems.add(
          new Problem(
              at(text, e.getPosition()),
              ErrorCode.YAML_SYNTAX,
              "Cannot parse YAML: the character U+"
                  + String.format(java.util.Locale.ROOT, "%04X", e.getCodePoint())
                  + " is not allowed in YAML",
              "remove it, or write it as an escape in a double-quoted string (\\u0007)"));
      return Optional.empty();
    } catch (org.yaml.snakeyaml.error.YAMLException e) {
      // limits without a position: too many aliases (an alias bomb), nesting too deep
      String message = String.valueOf(e.getMessage());
      boolean aliases = message.contains("aliases");
      problems.add(
          new Problem(
              aliases ? firstAlias(text) : deepest(text),
              ErrorCode.YAML_SYNTAX,
              "Cannot parse YAML: "
                  + (aliases
                      ? "more than 50 aliases (*name) expand collections; a file that repeats"
                          + " itself this much is refused"
                      : "values nested more than " + MAX_DEPTH + " levels deep"),
              aliases ? "write the values out, or use fewer aliases" : "flatten the value"));
      return Optional.empty();
    }
  }

  /** The position of character {@code index} of {@code text}. */
  private Position at(String text, int index) {
    int line = 1;
    int column = 1;
    for (int i = 0; i < Math.min(index, text.length()); i++) {
      if (text.charAt(i) == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return new Position(file, line, column);
  }

  /** Where the first alias is (for the alias limit, which SnakeYAML reports without one). */
  private Position firstAlias(String text) {
    java.util.regex.Matcher alias =
        java.util.regex.Pattern.compile("(?<=[\\s\\[,:-])\\*[^\\s,\\]}]+").matcher(text);
    return at(text, alias.find() ? alias.start() : 0);
  }

  /** Where brackets first nest deeper than the limit (else the most indented line). */
  private Position deepest(String text) {
    int depth = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '[' || c == '{') {
        depth++;
        if (depth > MAX_DEPTH) {
          return at(text, i);
        }
      } else if ((c == ']' || c == '}') && depth > 0) {
        depth--;
      }
    }
    int index = 0;
    int widest = -1;
    int offset = 0;
    for (String line : text.split("\n", -1)) {
      int indent = line.length() - line.stripLeading().length();
      if (indent > widest) {
        widest = indent;
        index = offset;
      }
      offset += line.length() + 1;
    }
    return at(text, index);
  }

  private Position positionOf(Node node) {
    Mark mark = node.getStartMark();
    return new Position(file, mark.getLine() + 1, mark.getColumn() + 1);
  }

  private YamlNode convert(Node node, Problems problems) {
    Position position = positionOf(node);
    if (node instanceof ScalarNode scalar) {
      return scalar(scalar, position);
    }
    if (node instanceof SequenceNode sequence) {
      List<YamlNode> items = new ArrayList<>();
      for (Node item : sequence.getValue()) {
        items.add(convert(item, problems));
      }
      return new YamlSeq(items, position);
    }
    MappingNode mapping = (MappingNode) node;
    Map<String, YamlMap.Entry> entries = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      Node keyNode = tuple.getKeyNode();
      Position keyPosition = positionOf(keyNode);
      String key = keyNode instanceof ScalarNode scalarKey ? scalarKey.getValue() : null;
      if (key == null) {
        problems.add(
            new Problem(
                keyPosition,
                ErrorCode.WRONG_TYPE,
                "Cannot use a " + keyNode.getNodeId() + " as a key: keys must be plain names",
                "write the key as a plain string"));
        continue;
      }
      YamlMap.Entry previous = entries.get(key);
      if (previous != null) {
        problems.add(
            new Problem(
                keyPosition,
                ErrorCode.DUPLICATE_KEY,
                "Cannot accept key '"
                    + key
                    + "' twice: it was first given at "
                    + previous.keyPosition(),
                "remove or rename one of the two"));
        continue;
      }
      entries.put(
          key, new YamlMap.Entry(key, keyPosition, convert(tuple.getValueNode(), problems)));
    }
    return new YamlMap(entries, position);
  }

  private YamlScalar scalar(ScalarNode scalar, Position position) {
    boolean isNull = scalar.getTag().equals(Tag.NULL);
    DumperOptions.ScalarStyle style = scalar.getScalarStyle();
    boolean block =
        style == DumperOptions.ScalarStyle.LITERAL || style == DumperOptions.ScalarStyle.FOLDED;
    boolean quoted =
        style == DumperOptions.ScalarStyle.SINGLE_QUOTED
            || style == DumperOptions.ScalarStyle.DOUBLE_QUOTED;
    int contentColumn = block ? blockIndent(position.line()) : position.column();
    return new YamlScalar(
        isNull ? null : scalar.getValue(), quoted, block, contentColumn, position);
  }

  /** The column of the first non-blank character on the first non-empty line after {@code line}. */
  private int blockIndent(int line) {
    for (int index = line; index < lines.size(); index++) {
      String text = lines.get(index);
      if (!text.isBlank()) {
        int column = 0;
        while (column < text.length() && text.charAt(column) == ' ') {
          column++;
        }
        return column + 1;
      }
    }
    return 1;
  }
}
