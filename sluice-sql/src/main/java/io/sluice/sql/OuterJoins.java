package io.sluice.sql;

import static io.sluice.sql.SqlBuild.POS;
import static io.sluice.sql.SqlBuild.error;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.sql.JoinConditionType;
import org.apache.calcite.sql.JoinType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * Oracle's outer join operator as Redshift reads it: in {@code FROM a, b WHERE a.x = b.x(+)}, b is
 * LEFT JOINed to what precedes it on every condition that marks b's columns. Refused with the
 * reason where Redshift refuses too: a mark under OR, marks on two tables in one condition, an
 * unqualified marked column, FROM clause JOIN syntax in the same query block.
 */
final class OuterJoins {
  private OuterJoins() {}

  static boolean marks(SqlNode node) {
    boolean[] found = {false};
    node.accept(
        new SqlShuttle() {
          @Override
          public SqlNode visit(SqlCall call) {
            if (isMark(call)) {
              found[0] = true;
            }
            return super.visit(call);
          }
        });
    return found[0];
  }

  static void rewrite(SqlSelect select) throws SqlTranslationException {
    List<SqlNode> items = new ArrayList<>();
    flattenFrom(select.getFrom(), items);
    Map<String, SqlNode> byAlias = new LinkedHashMap<>();
    for (SqlNode item : items) {
      byAlias.put(alias(item).toLowerCase(Locale.ROOT), item);
    }
    Map<String, List<SqlNode>> onByTable = new LinkedHashMap<>();
    List<SqlNode> remaining = new ArrayList<>();
    List<SqlNode> conjuncts = new ArrayList<>();
    flattenAnd(select.getWhere(), conjuncts);
    for (SqlNode conjunct : conjuncts) {
      java.util.Set<String> marked = markedTables(conjunct);
      if (marked.isEmpty()) {
        remaining.add(conjunct);
        continue;
      }
      if (marked.size() > 1) {
        throw error(conjunct, "(+) marks columns of two tables in one condition");
      }
      String table = marked.iterator().next();
      if (!byAlias.containsKey(table)) {
        throw error(conjunct, "(+) marks a column of '" + table + "', which is not in FROM");
      }
      onByTable.computeIfAbsent(table, t -> new ArrayList<>()).add(unmark(conjunct));
    }
    SqlNode from = null;
    for (Map.Entry<String, SqlNode> item : byAlias.entrySet()) {
      if (!onByTable.containsKey(item.getKey())) {
        from = from == null ? item.getValue() : join(from, JoinType.COMMA, item.getValue(), null);
      }
    }
    for (Map.Entry<String, List<SqlNode>> outer : onByTable.entrySet()) {
      if (from == null) {
        throw error(select.getWhere(), "(+) outer-joins every table of FROM to nothing");
      }
      from = join(from, JoinType.LEFT, byAlias.get(outer.getKey()), and(outer.getValue()));
    }
    select.setFrom(from);
    select.setWhere(remaining.isEmpty() ? null : and(remaining));
  }

  private static SqlNode join(SqlNode left, JoinType type, SqlNode right, SqlNode on) {
    return new SqlJoin(
        POS,
        left,
        SqlLiteral.createBoolean(false, POS),
        type.symbol(POS),
        right,
        (on == null ? JoinConditionType.NONE : JoinConditionType.ON).symbol(POS),
        on);
  }

  private static void flattenFrom(SqlNode from, List<SqlNode> items)
      throws SqlTranslationException {
    if (from instanceof SqlJoin join) {
      if (join.getJoinType() != JoinType.COMMA) {
        throw error(join, "(+) cannot be used in a query block with FROM clause JOIN syntax");
      }
      flattenFrom(join.getLeft(), items);
      flattenFrom(join.getRight(), items);
    } else {
      items.add(from);
    }
  }

  private static String alias(SqlNode item) throws SqlTranslationException {
    if (item.getKind() == SqlKind.AS) {
      return ((SqlIdentifier) ((SqlCall) item).operand(1)).getSimple();
    }
    if (item instanceof SqlIdentifier id) {
      return id.names.get(id.names.size() - 1);
    }
    throw error(item, "(+) needs every FROM item to have a name: give this one an alias");
  }

  private static void flattenAnd(SqlNode node, List<SqlNode> into) {
    if (node.getKind() == SqlKind.AND) {
      for (SqlNode operand : ((SqlCall) node).getOperandList()) {
        flattenAnd(operand, into);
      }
    } else {
      into.add(node);
    }
  }

  private static SqlNode and(List<SqlNode> conditions) {
    SqlNode all = conditions.get(0);
    for (int i = 1; i < conditions.size(); i++) {
      all = SqlStdOperatorTable.AND.createCall(POS, all, conditions.get(i));
    }
    return all;
  }

  /** The tables whose columns carry the mark in {@code conjunct}; refuses marks under OR / IN. */
  private static java.util.Set<String> markedTables(SqlNode conjunct)
      throws SqlTranslationException {
    java.util.Set<String> tables = new java.util.LinkedHashSet<>();
    SqlTranslationException[] refused = {null};
    conjunct.accept(
        new SqlShuttle() {
          private int underOr;

          @Override
          public SqlNode visit(SqlCall call) {
            boolean or = call.getKind() == SqlKind.OR || call.getKind() == SqlKind.IN;
            if (isMark(call)) {
              if (underOr > 0 && refused[0] == null) {
                refused[0] = error(call, "(+) cannot be used in an operand of OR or IN");
              }
              SqlNode column = call.operand(0);
              if (!(column instanceof SqlIdentifier id) || id.names.size() < 2) {
                if (refused[0] == null) {
                  refused[0] = error(call, "(+) needs a qualified column, such as b.id(+)");
                }
              } else {
                tables.add(id.names.get(id.names.size() - 2).toLowerCase(Locale.ROOT));
              }
              return call;
            }
            underOr += or ? 1 : 0;
            SqlNode visited = super.visit(call);
            underOr -= or ? 1 : 0;
            return visited;
          }
        });
    if (refused[0] != null) {
      throw refused[0];
    }
    return tables;
  }

  private static SqlNode unmark(SqlNode conjunct) {
    return conjunct.accept(
        new SqlShuttle() {
          @Override
          public SqlNode visit(SqlCall call) {
            if (isMark(call)) {
              return call.operand(0);
            }
            return super.visit(call);
          }
        });
  }

  private static boolean isMark(SqlCall call) {
    return call.getOperator().getName().equalsIgnoreCase(RedshiftLexicon.OUTER_MARKER);
  }
}
