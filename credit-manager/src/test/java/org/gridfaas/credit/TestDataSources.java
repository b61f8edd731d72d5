package org.gridfaas.credit;

import java.nio.file.Path;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import org.gridfaas.testing.PostgresServer;

/**
 * Pools of real connections to the two databases the service supports, so concurrent work
 * in a test really is concurrent.
 */
public final class TestDataSources {

	private TestDataSources() {
	}

	/**
	 * The options of the single-node default's H2 URL (application.yml): PostgreSQL mode,
	 * and every commit written when it returns.
	 */
	public static final String H2_OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0";

	/** An H2 file database in PostgreSQL mode, as the single-node default runs it. */
	public static HikariDataSource h2(Path folder, String name) {
		return pool("jdbc:h2:file:" + folder.toAbsolutePath().resolve(name) + H2_OPTIONS, "sa");
	}

	/** The PostgreSQL server's database. */
	public static HikariDataSource postgres(PostgresServer postgres) {
		return pool(postgres.jdbcUrl(), postgres.username());
	}

	/** Empties the database and applies every migration. */
	public static void migrateClean(javax.sql.DataSource dataSource) {
		Flyway.configure().dataSource(dataSource).cleanDisabled(false).load().clean();
		Flyway.configure().dataSource(dataSource).load().migrate();
	}

	private static HikariDataSource pool(String url, String user) {
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl(url);
		pool.setUsername(user);
		pool.setPassword("");
		pool.setMaximumPoolSize(8);
		return pool;
	}

}
