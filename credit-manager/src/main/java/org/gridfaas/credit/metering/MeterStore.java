package org.gridfaas.credit.metering;

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
import org.gridfaas.credit.database.ArrayColumns;
import org.gridfaas.credit.database.Database;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Cursors and meters in the database, in plain SQL that runs on PostgreSQL and H2 alike.
 * Writes are batched: one billing cycle may touch ten thousand containers.
 */
@Repository
class MeterStore {

	private final JdbcTemplate jdbc;

	private final Database database;

	MeterStore(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
		this.database = Database.of(jdbc);
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
			this.jdbc.query("select m.* from unnest(?) as i (instance) join usage_meter m on m.instance = i.instance",
					ArrayColumns.keys(ids), (row) -> {
						InstanceMeter meter = instance(row);
						found.put(meter.instance(), meter);
					});
		}
		return found;
	}

	Map<String, UserMeter> users(Collection<String> users) {
		Map<String, UserMeter> found = new HashMap<>();
		if (!users.isEmpty()) {
			this.jdbc.query("select m.* from unnest(?) as i (user_id) join user_meter m on m.user_id = i.user_id",
					ArrayColumns.keys(users), (row) -> {
						UserMeter meter = user(row);
						found.put(meter.user(), meter);
					});
		}
		return found;
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
		if (meters.isEmpty()) {
			return;
		}
		if (this.database == Database.POSTGRESQL) {
			this.jdbc.update("""
					update usage_meter m set cpu_seconds = v.cpu_seconds, allocated_shares = v.allocated_shares,
					    read_at = v.read_at, carried_seconds = v.carried_seconds, ended = v.ended
					from unnest(?, ?, ?, ?, ?, ?)
					    as v (instance, cpu_seconds, allocated_shares, read_at, carried_seconds, ended)
					where m.instance = v.instance""",
					ArrayColumns.of(meters)
						.column("varchar", InstanceMeter::instance)
						.column("numeric", InstanceMeter::cpuSeconds)
						.column("int4", InstanceMeter::allocatedShares)
						.column("timestamptz", (meter) -> Timestamp.from(meter.readAt()))
						.column("numeric", InstanceMeter::carriedSeconds)
						.column("bool", InstanceMeter::ended));
			return;
		}
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
		if (meters.isEmpty()) {
			return;
		}
		if (this.database == Database.POSTGRESQL) {
			this.jdbc.update("""
					update user_meter m set metered_seconds = v.metered_seconds, measured_seconds = v.measured_seconds,
					    charged = v.charged, charges = v.charges, updated_at = v.updated_at
					from unnest(?, ?, ?, ?, ?, ?)
					    as v (user_id, metered_seconds, measured_seconds, charged, charges, updated_at)
					where m.user_id = v.user_id""",
					ArrayColumns.of(meters)
						.column("varchar", UserMeter::user)
						.column("numeric", UserMeter::meteredSeconds)
						.column("numeric", UserMeter::measuredSeconds)
						.column("numeric", (meter) -> meter.charged().amount())
						.column("int8", UserMeter::charges)
						.column("timestamptz", (meter) -> Timestamp.from(now)));
			return;
		}
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
