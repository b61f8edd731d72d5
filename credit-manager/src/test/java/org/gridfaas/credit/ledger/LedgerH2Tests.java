package org.gridfaas.credit.ledger;

import java.nio.file.Path;
import javax.sql.DataSource;

import org.junit.jupiter.api.io.TempDir;

import org.gridfaas.credit.TestDataSources;

/** The ledger contract on H2 in PostgreSQL mode, the single-node default. */
class LedgerH2Tests extends LedgerContract {

	@TempDir
	static Path folder;

	static DataSource dataSource;

	@Override
	DataSource dataSource() {
		if (dataSource == null) {
			dataSource = TestDataSources.h2(folder, "ledger");
		}
		return dataSource;
	}

}
