package io.sluice.sql;

import static io.sluice.sql.SqlBuild.POS;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlHint;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWindow;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * Query clauses Redshift has and Spark writes otherwise: NULL ordering, TOP n, QUALIFY (a filter on
 * an outer query), Oracle's {@code (+)} outer joins (LEFT JOINs) and PartiQL's unnesting of arrays
 * in FROM ({@code LATERAL VIEW [POS]EXPLODE}).
 */
final class RedshiftClauses {
  /** The column that carries a QUALIFY condition to its outer query. */
  static final String QUALIFY_COLUMN = "__sluice_qualify";

  /** SELECTs whose fetch came from TOP n: an ORDER BY around them takes it over. */
  private final Set<SqlSelect> topSelects =
      java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

  /** SELECTs written around a QUALIFY: an ORDER BY around them names output columns only. */
  private final Set<SqlSelect> qualifyWrappers =
      java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

  private int lateralViews;

  /** Clause rewrites of a SELECT, once its parts are rewritten. */
  SqlNode select(SqlSelect select) throws SqlTranslationException {
    top(select);
    if (select.getFrom() != null) {
      select.setFrom(unnest(select.getFrom(), new java.util.HashSet<>()));
    }
    outerJoins(select);
    if (select.getOrderList() != null) {
      select.setOrderBy(nullOrder(select.getOrderList()));
    }
    if (select.getQualify() != null) {
      return qualify(select);
    }
    return select;
  }

  /** An ORDER BY around a query: NULL ordering, and the LIMIT of a TOP inside it. */
  SqlNode orderBy(SqlOrderBy orderBy) {
    SqlNode query = orderBy.query;
    SqlNode fetch = orderBy.fetch;
    if (query instanceof SqlSelect select && topSelects.contains(select) && fetch == null) {
      fetch = select.getFetch();
      select.setFetch(null);
    }
    SqlNodeList order = nullOrder(orderBy.orderList);
    if (query instanceof SqlSelect select && qualifyWrappers.contains(select)) {
      order = unqualified(order);
    }
    return new SqlOrderBy(orderBy.getParserPosition(), query, order, orderBy.offset, fetch);
  }

  /** Window and WITHIN GROUP orderings. */
  static SqlNode ordering(SqlCall call) {
    if (call instanceof SqlWindow window && window.getOrderList() != null) {
      window.setOrderList(nullOrder(window.getOrderList()));
    } else if (call.getKind() == SqlKind.WITHIN_GROUP
        && call.operand(1) instanceof SqlNodeList order) {
      call.setOperand(1, nullOrder(order));
    }
    return call;
  }

  /**
   * Redshift sorts NULL last in ascending order and first in descending order; Spark the other way
   * round. Every ORDER BY (query, window, WITHIN GROUP) gets the null order spelled out.
   */
  private static SqlNodeList nullOrder(SqlNodeList items) {
    if (items == null || items.isEmpty()) {
      return items; // a LIMIT without ORDER BY has an empty list: nothing to write
    }
    List<SqlNode> ordered = new ArrayList<>();
    for (SqlNode item : items) {
      if (item.getKind() == SqlKind.NULLS_FIRST || item.getKind() == SqlKind.NULLS_LAST) {
        ordered.add(item);
      } else if (item.getKind() == SqlKind.DESCENDING) {
        ordered.add(SqlStdOperatorTable.NULLS_FIRST.createCall(POS, item));
      } else {
        ordered.add(SqlStdOperatorTable.NULLS_LAST.createCall(POS, item));
      }
    }
    return new SqlNodeList(ordered, items.getParserPosition());
  }

  /** TOP n (carried by the lexicon as a hint): the SELECT's LIMIT. */
  private void top(SqlSelect select) {
    SqlNodeList hints = select.getHints();
    if (hints == null || hints.isEmpty()) {
      return;
    }
    List<SqlNode> kept = new ArrayList<>();
    for (SqlNode node : hints) {
      if (node instanceof SqlHint hint
          && hint.getName().equalsIgnoreCase(RedshiftLexicon.TOP_HINT)) {
        select.setFetch(SqlBuild.number(hint.getOptionList().get(0)));
        topSelects.add(select);
      } else {
        kept.add(node);
      }
    }
    select.setHints(new SqlNodeList(kept, POS));
  }

  /**
   * {@code SELECT ... QUALIFY cond}: {@code SELECT * EXCEPT (q) FROM (SELECT ..., cond AS q ...)
   * WHERE q}, with the select list's aliases in cond replaced by their expressions and the ORDER BY
   * and LIMIT moved out.
   */
  private SqlNode qualify(SqlSelect select) {
    Map<String, SqlNode> aliases = new HashMap<>();
    for (SqlNode item : select.getSelectList()) {
      if (item.getKind() == SqlKind.AS) {
        SqlCall as = (SqlCall) item;
        aliases.put(
            ((SqlIdentifier) as.operand(1)).getSimple().toLowerCase(Locale.ROOT), as.operand(0));
      }
    }
    SqlNode condition =
        select
            .getQualify()
            .accept(
                new SqlShuttle() {
                  @Override
                  public SqlNode visit(SqlIdentifier id) {
                    SqlNode aliased =
                        id.isSimple() ? aliases.get(id.getSimple().toLowerCase(Locale.ROOT)) : null;
                    return aliased != null ? aliased : id;
                  }
                });
    select.setQualify(null);
    List<SqlNode> items = new ArrayList<>(select.getSelectList().getList());
    items.add(
        SqlStdOperatorTable.AS.createCall(POS, condition, new SqlIdentifier(QUALIFY_COLUMN, POS)));
    select.setSelectList(new SqlNodeList(items, POS));
    SqlNodeList order = select.getOrderList();
    SqlNode offset = select.getOffset();
    SqlNode fetch = select.getFetch();
    select.setOrderBy(null);
    select.setOffset(null);
    select.setFetch(null);
    SqlSelect outer =
        new SqlSelect(
            POS,
            null,
            new SqlNodeList(List.of(STAR_EXCEPT_QUALIFY.createCall(POS)), POS),
            SqlStdOperatorTable.AS.createCall(POS, select, new SqlIdentifier("__sluice_q", POS)),
            new SqlIdentifier(QUALIFY_COLUMN, POS),
            null,
            null,
            null,
            null,
            order == null ? null : unqualified(order),
            offset,
            fetch,
            null);
    qualifyWrappers.add(outer);
    return outer;
  }

  /** ORDER BY items that name output columns: {@code t.x} becomes {@code x}. */
  private static SqlNodeList unqualified(SqlNodeList order) {
    return (SqlNodeList)
        order.accept(
            new SqlShuttle() {
              @Override
              public SqlNode visit(SqlIdentifier id) {
                return id.isSimple() || id.isStar()
                    ? id
                    : new SqlIdentifier(id.names.get(id.names.size() - 1), POS);
              }
            });
  }

  /** {@code * EXCEPT (__sluice_qualify)}, Spark's way to leave one column out. */
  private static final SqlSpecialOperator STAR_EXCEPT_QUALIFY =
      new SqlSpecialOperator("STAR_EXCEPT", SqlKind.OTHER, 100) {
        @Override
        public void unparse(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
          writer.print("* EXCEPT (" + QUALIFY_COLUMN + ")");
          writer.setNeedWhitespace(true);
        }
      };

  /**
   * PartiQL unnesting: a FROM item that navigates from an earlier item's alias ({@code c.orders AS
   * o [AT i]}) is {@code LATERAL VIEW [POS]EXPLODE(c.orders)} of what precedes it.
   */
  private SqlNode unnest(SqlNode from, Set<String> aliases) throws SqlTranslationException {
    if (from instanceof org.apache.calcite.sql.SqlJoin join) {
      SqlNode left = unnest(join.getLeft(), aliases);
      Navigation nav = navigation(join.getRight(), aliases);
      if (nav != null && join.getJoinType() == org.apache.calcite.sql.JoinType.COMMA) {
        aliases.add(nav.alias().toLowerCase(Locale.ROOT));
        lateralViews++;
        return LATERAL_VIEW.createCall(
            POS,
            left,
            nav.path(),
            new SqlIdentifier(nav.alias(), POS),
            nav.index() == null ? null : new SqlIdentifier(nav.index(), POS),
            new SqlIdentifier("__sluice_lv" + lateralViews, POS));
      }
      join.setLeft(left);
      SqlNode right = unnest(join.getRight(), aliases);
      join.setRight(right);
      return join;
    }
    String alias = aliasOf(from);
    if (alias != null) {
      aliases.add(alias.toLowerCase(Locale.ROOT));
    }
    return from;
  }

  private record Navigation(SqlNode path, String alias, String index) {}

  /** The navigation a FROM item is, when it starts at a known alias. */
  private static Navigation navigation(SqlNode item, Set<String> aliases) {
    if (item.getKind() != SqlKind.AS) {
      return null;
    }
    SqlCall as = (SqlCall) item;
    if (!(as.operand(0) instanceof SqlIdentifier path)
        || !aliases.contains(path.names.get(0).toLowerCase(Locale.ROOT))) {
      return null;
    }
    String alias = ((SqlIdentifier) as.operand(1)).getSimple();
    String index = null;
    if (as.operandCount() == 4
        && as.operand(2) instanceof SqlIdentifier marker
        && marker.getSimple().equalsIgnoreCase(RedshiftLexicon.AT_MARKER)) {
      index = ((SqlIdentifier) as.operand(3)).getSimple();
    }
    return new Navigation(path, alias, index);
  }

  private static String aliasOf(SqlNode item) {
    if (item.getKind() == SqlKind.AS) {
      return ((SqlIdentifier) ((SqlCall) item).operand(1)).getSimple();
    }
    if (item instanceof SqlIdentifier id) {
      return id.names.get(id.names.size() - 1);
    }
    return null;
  }

  /** {@code left LATERAL VIEW [POS]EXPLODE(path) view AS [index,] alias}. */
  private static final SqlSpecialOperator LATERAL_VIEW =
      // a precedence above a join's: Calcite writes a FROM item of lower precedence in parentheses
      new SqlSpecialOperator("LATERAL_VIEW", SqlKind.OTHER, 100) {
        @Override
        public void unparse(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
          call.operand(0).unparse(writer, 0, 0);
          boolean indexed = call.operand(3) != null;
          writer.keyword("LATERAL VIEW");
          writer.print(indexed ? "posexplode(" : "explode(");
          call.operand(1).unparse(writer, 0, 0);
          writer.print(") ");
          call.operand(4).unparse(writer, 0, 0);
          writer.keyword("AS");
          if (indexed) {
            call.operand(3).unparse(writer, 0, 0);
            writer.print(", ");
          }
          call.operand(2).unparse(writer, 0, 0);
        }
      };

  /**
   * Oracle's {@code (+)}: a table whose columns carry the mark in WHERE is LEFT JOINed on the
   * conditions that mark it; the other conditions stay in WHERE.
   */
  private static void outerJoins(SqlSelect select) throws SqlTranslationException {
    if (select.getWhere() == null || !OuterJoins.marks(select.getWhere())) {
      return;
    }
    OuterJoins.rewrite(select);
  }
}
