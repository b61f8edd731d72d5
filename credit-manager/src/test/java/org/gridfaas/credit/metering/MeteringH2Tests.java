package org.gridfaas.credit.metering;

import java.nio.file.Path;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;

import org.gridfaas.credit.TestDataSources;

/** The metering contract on H2 in PostgreSQL mode, the single-node default. */
class MeteringH2Tests extends MeteringContract {

	@TempDir
	static Path folder;

	static HikariDataSource dataSource;

	@Override
	DataSource dataSource() {
		if (dataSource == null) {
			dataSource = TestDataSources.h2(folder, "metering");
		}
		return dataSource;
	}

	@AfterAll
	static void close() {
		if (dataSource != null) {
			dataSource.close();
			dataSource = null;
		}
	}

}
