package dev.spotter.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A store's schema written out without the column types, which are the one thing allowed to differ
 * between SQLite and PostgreSQL: per table, its columns in order and whether they take NULL, its
 * primary key, unique constraints, foreign keys and indexes. "Schema version N" must mean the same
 * on both databases.
 */
final class SchemaShape {
  private SchemaShape() {}

  static Map<String, String> of(Connection c, Dialect dialect) throws SQLException {
    Map<String, String> shape = new TreeMap<>();
    for (String table : tables(c, dialect)) {
      shape.put(table, dialect == Dialect.SQLITE ? sqliteTable(c, table) : postgresTable(c, table));
    }
    return shape;
  }

  private static List<String> tables(Connection c, Dialect dialect) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(dialect.tablesQuery())) {
      while (rs.next()) {
        if (!rs.getString(1).equals(SchemaMigrator.HISTORY_TABLE)) {
          tables.add(rs.getString(1));
        }
      }
    }
    return tables;
  }

  private static String sqliteTable(Connection c, String table) throws SQLException {
    StringBuilder sb = new StringBuilder();
    TreeMap<Integer, String> pk = new TreeMap<>();
    sb.append("columns:");
    for (List<String> row : rows(c, "PRAGMA table_info(" + table + ")")) {
      // cid, name, type, notnull, dflt_value, pk; a primary key never takes NULL in Spotter's use
      boolean primary = !row.get(5).equals("0");
      if (primary) {
        pk.put(Integer.parseInt(row.get(5)), row.get(1));
      }
      sb.append(' ').append(row.get(1)).append(row.get(3).equals("1") || primary ? "!" : "?");
    }
    sb.append("\nprimary key: ").append(String.join(",", pk.values()));
    TreeSet<String> uniques = new TreeSet<>();
    TreeSet<String> indexes = new TreeSet<>();
    for (List<String> index : rows(c, "PRAGMA index_list(" + table + ")")) {
      // seq, name, unique, origin (c: CREATE INDEX, u: UNIQUE, pk), partial
      String name = index.get(1);
      List<String> columns = new ArrayList<>();
      for (List<String> col : rows(c, "PRAGMA index_xinfo(" + name + ")")) {
        // seqno, cid, name, desc, coll, key
        if (col.get(5).equals("1")) {
          columns.add(col.get(2) + (col.get(3).equals("1") ? " DESC" : ""));
        }
      }
      if (index.get(3).equals("u")) {
        uniques.add(String.join(",", columns));
      } else if (index.get(3).equals("c")) {
        indexes.add(
            (index.get(2).equals("1") ? "unique " : "")
                + name
                + " ("
                + String.join(", ", columns)
                + ")");
      }
    }
    TreeSet<String> foreign = new TreeSet<>();
    for (List<String> fk : rows(c, "PRAGMA foreign_key_list(" + table + ")")) {
      // id, seq, table, from, to, on_update, on_delete, match
      foreign.add(fk.get(3) + " -> " + fk.get(2) + "." + fk.get(4) + " on delete " + fk.get(6));
    }
    return sb.append("\nunique: ")
        .append(uniques)
        .append("\nforeign keys: ")
        .append(foreign)
        .append("\nindexes: ")
        .append(indexes)
        .toString()
        .toLowerCase(Locale.ROOT);
  }

  private static String postgresTable(Connection c, String table) throws SQLException {
    StringBuilder sb = new StringBuilder("columns:");
    for (List<String> row :
        rows(
            c,
            "SELECT column_name, is_nullable FROM information_schema.columns"
                + " WHERE table_schema = current_schema() AND table_name = ?"
                + " ORDER BY ordinal_position",
            table)) {
      sb.append(' ').append(row.get(0)).append(row.get(1).equals("NO") ? "!" : "?");
    }
    String columnsOf =
        "(SELECT string_agg(a.attname, ',' ORDER BY k.i) FROM unnest(%s) WITH ORDINALITY"
            + " AS k(n, i) JOIN pg_attribute a ON a.attrelid = %s AND a.attnum = k.n)";
    List<List<String>> pk =
        rows(
            c,
            "SELECT "
                + String.format(columnsOf, "con.conkey", "con.conrelid")
                + " FROM pg_constraint con WHERE con.conrelid = ?::regclass AND con.contype = 'p'",
            table);
    sb.append("\nprimary key: ").append(pk.isEmpty() ? "" : pk.get(0).get(0));
    TreeSet<String> uniques = new TreeSet<>();
    for (List<String> row :
        rows(
            c,
            "SELECT "
                + String.format(columnsOf, "con.conkey", "con.conrelid")
                + " FROM pg_constraint con WHERE con.conrelid = ?::regclass AND con.contype = 'u'",
            table)) {
      uniques.add(row.get(0));
    }
    TreeSet<String> foreign = new TreeSet<>();
    for (List<String> row :
        rows(
            c,
            "SELECT "
                + String.format(columnsOf, "con.conkey", "con.conrelid")
                + ", con.confrelid::regclass::text, "
                + String.format(columnsOf, "con.confkey", "con.confrelid")
                + ", CASE con.confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'a' THEN 'NO ACTION'"
                + " ELSE con.confdeltype::text END"
                + " FROM pg_constraint con WHERE con.conrelid = ?::regclass AND con.contype = 'f'",
            table)) {
      foreign.add(row.get(0) + " -> " + row.get(1) + "." + row.get(2) + " on delete " + row.get(3));
    }
    TreeSet<String> indexes = new TreeSet<>();
    for (List<String> row :
        rows(
            c,
            "SELECT i.indexname, i.indexdef FROM pg_indexes i"
                + " WHERE i.schemaname = current_schema() AND i.tablename = ?"
                + " AND NOT EXISTS (SELECT 1 FROM pg_constraint con"
                + " WHERE con.conindid = (quote_ident(i.schemaname) || '.'"
                + " || quote_ident(i.indexname))::regclass)",
            table)) {
      String def = row.get(1);
      String columns = def.substring(def.indexOf('(') + 1, def.lastIndexOf(')'));
      indexes.add(
          (def.startsWith("CREATE UNIQUE") ? "unique " : "") + row.get(0) + " (" + columns + ")");
    }
    return sb.append("\nunique: ")
        .append(uniques)
        .append("\nforeign keys: ")
        .append(foreign)
        .append("\nindexes: ")
        .append(indexes)
        .toString()
        .toLowerCase(Locale.ROOT);
  }

  private static List<List<String>> rows(Connection c, String sql, String... args)
      throws SQLException {
    List<List<String>> rows = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setString(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          List<String> row = new ArrayList<>();
          for (int i = 1; i <= n; i++) {
            row.add(String.valueOf(rs.getString(i)));
          }
          rows.add(row);
        }
      }
    }
    return rows;
  }
}
