package org.gridfaas.credit.account;

import javax.sql.DataSource;

import org.junit.jupiter.api.io.TempDir;

import org.gridfaas.credit.TestDataSources;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The account repository contract on H2 in PostgreSQL mode, the single-node default. */
class AccountRepositoryH2Tests extends AccountRepositoryContract {

	@TempDir
	static java.nio.file.Path folder;

	@Override
	DataSource dataSource() {
		return new DriverManagerDataSource(
				"jdbc:h2:file:" + folder.toAbsolutePath() + "/credit" + TestDataSources.H2_OPTIONS, "sa", "");
	}

}
