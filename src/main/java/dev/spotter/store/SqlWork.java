package dev.spotter.store;

import java.sql.Connection;
import java.sql.SQLException;

/** Statements run on a connection a {@link Database} lends for the length of the call. */
@FunctionalInterface
interface SqlWork<T> {
  T run(Connection c) throws SQLException;
}
