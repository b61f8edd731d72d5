package org.gridfaas.credit.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The databases the service runs on. Nearly all of its SQL is the same on both; where a
 * billing cycle writes tens of thousands of rows, PostgreSQL gets one statement over
 * arrays ({@code unnest}) instead of a batch of one statement per row, which it would
 * execute one by one.
 */
public enum Database {

	POSTGRESQL, H2;

	/** The database behind the template, from its connection's metadata. */
	public static Database of(JdbcTemplate jdbc) {
		String product = jdbc.execute((Connection connection) -> productName(connection));
		if (product.toLowerCase(Locale.ROOT).contains("postgres")) {
			return POSTGRESQL;
		}
		if (product.equalsIgnoreCase("H2")) {
			return H2;
		}
		throw new IllegalStateException("Unsupported database " + product + ": PostgreSQL or H2");
	}

	private static String productName(Connection connection) throws SQLException {
		return connection.getMetaData().getDatabaseProductName();
	}

}
