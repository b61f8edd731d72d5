package org.gridfaas.credit;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.gridfaas.testing.PostgresServer;

/**
 * A real PostgreSQL server for one test class, with a pool of connections to it: started
 * before the class's tests, stopped after them. Register it with
 * {@code @RegisterExtension static final PostgresDatabase database = new PostgresDatabase();}.
 */
public final class PostgresDatabase implements BeforeAllCallback, AfterAllCallback {

	private PostgresServer server;

	private HikariDataSource dataSource;

	@Override
	public void beforeAll(ExtensionContext context) {
		this.server = PostgresServer.start();
		this.dataSource = TestDataSources.postgres(this.server);
	}

	@Override
	public void afterAll(ExtensionContext context) {
		this.dataSource.close();
		this.server.close();
	}

	public DataSource dataSource() {
		return this.dataSource;
	}

}
