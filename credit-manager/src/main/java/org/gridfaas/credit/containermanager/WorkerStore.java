package org.gridfaas.credit.containermanager;

import java.net.URI;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The registered workers in the database, kept across restarts. */
@Repository
class WorkerStore {

	private final JdbcTemplate jdbc;

	WorkerStore(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** Registers the worker, or records that it is alive at {@code now}. */
	void heartbeat(String name, URI url, int cpuCapacity, Instant now) {
		Timestamp at = Timestamp.from(now);
		if (this.jdbc.update("update worker set url = ?, cpu_capacity = ?, last_seen = ? where name = ?",
				url.toString(), cpuCapacity, at, name) == 0) {
			this.jdbc.update(
					"insert into worker (name, url, cpu_capacity, first_seen, last_seen) values (?, ?, ?, ?, ?)", name,
					url.toString(), cpuCapacity, at, at);
		}
	}

	List<Registered> all() {
		return this.jdbc.query("select name, url, cpu_capacity, last_seen from worker order by name",
				(row, n) -> new Registered(row.getString(1), URI.create(row.getString(2)), row.getInt(3),
						row.getTimestamp(4).toInstant()));
	}

	/**
	 * A worker as registered.
	 *
	 * @param name its name
	 * @param url where it is reached
	 * @param cpuCapacity its CPU in shares
	 * @param lastSeen its last heartbeat
	 */
	record Registered(String name, URI url, int cpuCapacity, Instant lastSeen) {

	}

}
