package org.gridfaas.credit.ledger;

import java.nio.file.Path;

import javax.sql.DataSource;

import org.junit.jupiter.api.io.TempDir;

/** The ledger contract on H2 in PostgreSQL mode, the single-node default. */
class LedgerH2Tests extends LedgerContract {

	@TempDir
	static Path folder;

	static DataSource dataSource;

	@Override
	DataSource dataSource() {
		if (dataSource == null) {
			// A pool of real connections, so concurrent postings really are concurrent.
			com.zaxxer.hikari.HikariDataSource hikari = new com.zaxxer.hikari.HikariDataSource();
			hikari.setJdbcUrl("jdbc:h2:file:" + folder.toAbsolutePath()
					+ "/ledger;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
			hikari.setUsername("sa");
			hikari.setPassword("");
			hikari.setMaximumPoolSize(8);
			dataSource = hikari;
		}
		return dataSource;
	}

}
