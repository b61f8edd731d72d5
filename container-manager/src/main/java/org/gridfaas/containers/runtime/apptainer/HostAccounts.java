package org.gridfaas.containers.runtime.apptainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.gridfaas.containers.runtime.ProcessRunner;
import org.gridfaas.containers.runtime.TenantIds.TenantId;

/**
 * Apptainer looks the user it runs as up in the host's account database, so each tenant's
 * uid gets an entry there, made once with {@code useradd}: a system account with no home,
 * no login shell and no password, named {@code gridfaas-<uid>}.
 */
final class HostAccounts {

	/**
	 * The primary group of the accounts: {@code nogroup}; tasks run with their own gid.
	 */
	private static final String GROUP = "65534";

	private final Path passwd;

	private final String useradd;

	private final ProcessRunner runner;

	HostAccounts(Path passwd, String useradd, ProcessRunner runner) {
		this.passwd = passwd;
		this.useradd = useradd;
		this.runner = runner;
	}

	/** Makes the tenant's account, unless its uid has one already. */
	synchronized void ensure(TenantId tenant) {
		if (listed(tenant.uid())) {
			return;
		}
		this.runner.run(List.of(this.useradd, "--system", "--no-create-home", "--home-dir", "/nonexistent", "--shell",
				"/usr/sbin/nologin", "--no-user-group", "--gid", GROUP, "--uid", Long.toString(tenant.uid()),
				"gridfaas-" + tenant.uid()), Duration.ofSeconds(30));
	}

	private boolean listed(long uid) {
		try {
			return Files.readAllLines(this.passwd)
				.stream()
				.map((line) -> line.split(":", -1))
				.anyMatch((fields) -> fields.length > 2 && fields[2].equals(Long.toString(uid)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + this.passwd, ex);
		}
	}

}
