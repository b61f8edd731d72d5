package org.gridfaas.credit.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

import org.springframework.jdbc.core.PreparedStatementSetter;

/**
 * Rows bound column by column, one array parameter per column, for one PostgreSQL
 * statement over {@code unnest(?, ?, ...)} however many rows there are: the parameters in
 * the order the columns were added.
 *
 * @param <T> what a row is made from
 */
public final class ArrayColumns<T> implements PreparedStatementSetter {

	private final Collection<T> rows;

	private final List<String> types = new ArrayList<>();

	private final List<Function<T, ?>> values = new ArrayList<>();

	private ArrayColumns(Collection<T> rows) {
		this.rows = rows;
	}

	public static <T> ArrayColumns<T> of(Collection<T> rows) {
		return new ArrayColumns<>(rows);
	}

	/** One column of strings: the keys of a lookup. */
	public static ArrayColumns<String> keys(Collection<String> keys) {
		return of(keys).column("varchar", (key) -> key);
	}

	/**
	 * Adds the next column.
	 * @param type the PostgreSQL type of its elements ({@code varchar}, {@code numeric},
	 * {@code int4}, {@code int8}, {@code timestamptz}, {@code bool})
	 * @param value its value in a row
	 */
	public ArrayColumns<T> column(String type, Function<T, ?> value) {
		this.types.add(type);
		this.values.add(value);
		return this;
	}

	@Override
	public void setValues(PreparedStatement statement) throws SQLException {
		setValues(statement, 1);
	}

	/** Binds the columns from the parameter {@code first} on. */
	public void setValues(PreparedStatement statement, int first) throws SQLException {
		Connection connection = statement.getConnection();
		for (int i = 0; i < this.types.size(); i++) {
			statement.setArray(first + i,
					connection.createArrayOf(this.types.get(i), this.rows.stream().map(this.values.get(i)).toArray()));
		}
	}

}
