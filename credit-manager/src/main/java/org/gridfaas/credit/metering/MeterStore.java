package org.gridfaas.credit.metering;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.gridfaas.common.money.Grc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Cursors and meters in the database, in plain SQL that runs on PostgreSQL and H2 alike.
 * Writes are batched: one billing cycle may touch ten thousand containers.
 */
@Repository
class MeterStore {

	private final JdbcTemplate jdbc;

	MeterStore(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	Cursor cursor(String source) {
		List<Cursor> found = this.jdbc.query("select log_id, after_seq from usage_cursor where source = ?",
				(row, n) -> new Cursor(row.getString(1), row.getLong(2)), source);
		return found.isEmpty() ? new Cursor(null, 0) : found.get(0);
	}

	void saveCursor(String source, Cursor cursor, Instant now) {
		if (this.jdbc.update("update usage_cursor set log_id = ?, after_seq = ?, updated_at = ? where source = ?",
				cursor.log(), cursor.after(), Timestamp.from(now), source) == 0) {
			this.jdbc.update("insert into usage_cursor (source, log_id, after_seq, updated_at) values (?, ?, ?, ?)",
					source, cursor.log(), cursor.after(), Timestamp.from(now));
		}
	}

	/**
	 * How far a source's usage log was read.
	 *
	 * @param log the log the position is in; {@code null} before the first read
	 * @param after the last sequence number read
	 */
	record Cursor(String log, long after) {
	}

	Map<String, InstanceMeter> instances(Collection<String> ids) {
		Map<String, InstanceMeter> found = new HashMap<>();
		if (!ids.isEmpty()) {
			this.jdbc.query("select * from usage_meter where instance = any (?)",
					(statement) -> bindArray(statement, ids), (row) -> {
						InstanceMeter meter = instance(row);
						found.put(meter.instance(), meter);
					});
		}
		return found;
	}

	Map<String, UserMeter> users(Collection<String> users) {
		Map<String, UserMeter> found = new HashMap<>();
		if (!users.isEmpty()) {
			this.jdbc.query("select * from user_meter where user_id = any (?)",
					(statement) -> bindArray(statement, users), (row) -> {
						UserMeter meter = user(row);
						found.put(meter.user(), meter);
					});
		}
		return found;
	}

	/**
	 * One array parameter rather than a list of placeholders: one statement text for any
	 * number of ids, which the database plans once (an index lookup per id).
	 */
	private static void bindArray(PreparedStatement statement, Collection<String> ids) throws SQLException {
		statement.setArray(1, statement.getConnection().createArrayOf("varchar", ids.toArray()));
	}

	Optional<UserMeter> user(String user) {
		return Optional.ofNullable(users(List.of(user)).get(user));
	}

	List<UserMeter> allUsers() {
		return this.jdbc.query("select * from user_meter order by user_id", (row, n) -> user(row));
	}

	void insertInstances(Collection<InstanceMeter> meters) {
		this.jdbc.batchUpdate("""
				insert into usage_meter (cpu_seconds, allocated_shares, read_at, carried_seconds, ended,
				    source, container, user_id, instance)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?)""", instanceRows(meters, true));
	}

	void updateInstances(Collection<InstanceMeter> meters) {
		this.jdbc.batchUpdate("""
				update usage_meter set cpu_seconds = ?, allocated_shares = ?, read_at = ?, carried_seconds = ?,
				    ended = ? where instance = ?""", instanceRows(meters, false));
	}

	void insertUsers(Collection<UserMeter> meters, Instant now) {
		this.jdbc.batchUpdate("""
				insert into user_meter (metered_seconds, measured_seconds, charged, charges, updated_at, user_id)
				values (?, ?, ?, ?, ?, ?)""", userRows(meters, now));
	}

	void updateUsers(Collection<UserMeter> meters, Instant now) {
		this.jdbc.batchUpdate("""
				update user_meter set metered_seconds = ?, measured_seconds = ?, charged = ?, charges = ?,
				    updated_at = ? where user_id = ?""", userRows(meters, now));
	}

	private static List<Object[]> instanceRows(Collection<InstanceMeter> meters, boolean insert) {
		List<Object[]> rows = new ArrayList<>(meters.size());
		for (InstanceMeter meter : meters) {
			rows.add(insert ? new Object[] { meter.cpuSeconds(), meter.allocatedShares(),
					Timestamp.from(meter.readAt()), meter.carriedSeconds(), meter.ended(), meter.source(),
					meter.container(), meter.user(), meter.instance() }
					: new Object[] { meter.cpuSeconds(), meter.allocatedShares(), Timestamp.from(meter.readAt()),
							meter.carriedSeconds(), meter.ended(), meter.instance() });
		}
		return rows;
	}

	private static List<Object[]> userRows(Collection<UserMeter> meters, Instant now) {
		List<Object[]> rows = new ArrayList<>(meters.size());
		for (UserMeter meter : meters) {
			rows.add(new Object[] { meter.meteredSeconds(), meter.measuredSeconds(), meter.charged().amount(),
					meter.charges(), Timestamp.from(now), meter.user() });
		}
		return rows;
	}

	private static InstanceMeter instance(ResultSet row) throws SQLException {
		return new InstanceMeter(row.getString("instance"), row.getString("source"), row.getString("container"),
				row.getString("user_id"), row.getBigDecimal("cpu_seconds"), row.getInt("allocated_shares"),
				row.getTimestamp("read_at").toInstant(), row.getBigDecimal("carried_seconds"), row.getBoolean("ended"));
	}

	private static UserMeter user(ResultSet row) throws SQLException {
		return new UserMeter(row.getString("user_id"), row.getBigDecimal("metered_seconds"),
				row.getBigDecimal("measured_seconds"), Grc.of(row.getBigDecimal("charged")), row.getLong("charges"));
	}

}
