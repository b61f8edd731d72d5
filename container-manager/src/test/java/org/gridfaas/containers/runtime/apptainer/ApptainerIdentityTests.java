package org.gridfaas.containers.runtime.apptainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.gridfaas.common.cpu.CpuShares;
import org.gridfaas.common.naming.ContainerName;
import org.gridfaas.common.naming.FunctionName;
import org.gridfaas.common.naming.UserName;
import org.gridfaas.containers.cgroup.Cgroups;
import org.gridfaas.containers.cgroup.CpuCgroup;
import org.gridfaas.containers.cgroup.ResourceLimits;
import org.gridfaas.containers.runtime.ContainerSpec;
import org.gridfaas.containers.runtime.ExecRequest;
import org.gridfaas.containers.runtime.ExecResult;
import org.gridfaas.containers.runtime.NetworkAccess;
import org.gridfaas.containers.runtime.ProcessRunner;
import org.gridfaas.containers.runtime.ProcessTrees;
import org.gridfaas.containers.runtime.RuntimeFailure;
import org.gridfaas.containers.runtime.TenantFolders;
import org.gridfaas.containers.runtime.TenantIds;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Apptainer runtime as root, run for real (setpriv, cgroups, processes) against a
 * stand-in for the one thing absent here, the {@code apptainer} CLI: a script that
 * records who ran it and how, and plays an instance with a process of its own. Every
 * command must run as the tenant, never as root, and the instance must sit in the
 * service's cgroup with its limit.
 */
class ApptainerIdentityTests {

	static final UserName ALICE = UserName.of("alice");

	static final String FAKE_APPTAINER = """
			#!/bin/bash
			echo "uid=$(id -u) groups=$(id -G | tr ' ' ,) HOME=$HOME :: $*" >> %1$s/calls.log
			state="$HOME/.instances"; mkdir -p "$state"
			case "$1 $2" in
			  "instance start") setsid sleep 1000 </dev/null >/dev/null 2>&1 & echo $! > "$state/${@: -1}" ;;
			  "instance list") printf '{"instances": ['; sep=
			    for f in "$state"/*; do [ -e "$f" ] || continue
			      printf '%%s{"instance": "%%s", "pid": %%s}' "$sep" "${f##*/}" "$(cat "$f")"; sep=,; done
			    echo ']}' ;;
			  "instance stop") kill "$(cat "$state/$3")" && rm "$state/$3" ;;
			  *) while [ "${1#instance://}" = "$1" ]; do shift; done; shift; exec "$@" ;;
			esac
			""";

	static final String FAKE_USERADD = """
			#!/bin/bash
			echo "$*" >> %1$s/useradd.log
			while [ "$1" != --uid ]; do shift; done
			echo "gridfaas-$2:x:$2:65534::/nonexistent:/usr/sbin/nologin" >> %1$s/passwd
			""";

	@TempDir
	Path root;

	Path shared;

	TenantIds tenants;

	Optional<Cgroups> cgroups;

	ApptainerRuntime runtime;

	ContainerName container = ContainerName.of("stress");

	@BeforeEach
	void setUp() throws Exception {
		assumeTrue("root".equals(System.getProperty("user.name")), "tenant identities need root");
		// The stand-ins run as the tenant: their folder must be open to it.
		Files.setPosixFilePermissions(this.root, PosixFilePermissions.fromString("rwxr-xr-x"));
		this.shared = Files.createDirectory(this.root.resolve("shared"));
		Files.setPosixFilePermissions(this.shared, PosixFilePermissions.fromString("rwxrwxrwx"));
		Files.writeString(this.shared.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n");
		this.tenants = new TenantIds(268_435_456L, this.root.resolve("tenant-ids.properties"));
		this.cgroups = Cgroups.detect(Path.of("/sys/fs/cgroup"),
				"gridfaas-test-" + UUID.randomUUID().toString().substring(0, 8), Cgroups.DEFAULT_PERIOD);
		this.runtime = runtime();
	}

	@AfterEach
	void tearDown() {
		if (this.runtime != null) {
			this.runtime.stop(this.container);
		}
		this.cgroups.ifPresent(Cgroups::removeParent);
	}

	@Test
	void everyApptainerCommandRunsAsTheTenantAndTheInstanceSitsInTheServicesCgroup() throws Exception {
		long uid = this.tenants.of(ALICE).uid();
		this.runtime.start(spec(NetworkAccess.NONE));

		assertThat(this.runtime.running()).containsExactly(this.container);
		long pid = InstanceRecord.read(this.root.resolve("work/stress")).orElseThrow().pid();
		assertThat(uidOf(pid)).isEqualTo(uid);
		if (this.cgroups.isPresent()) {
			CpuCgroup group = this.cgroups.get().find("stress").orElseThrow();
			assertThat(group.limit()).hasValue(CpuShares.of(50));
			assertThat(Files.readString(group.procsFiles().get(0))).contains(Long.toString(pid));
		}

		Path task = Files.createDirectories(this.root.resolve("work/stress/tasks/t-1"));
		Path log = this.root.resolve("work/stress/out.log");
		ExecResult result = this.runtime.exec(this.container,
				new ExecRequest(List.of("bash", "-c", "id -u; exit 3"), task, null, ALICE,
						Map.of("PATH", "/usr/bin:/bin"), log, 1024 * 1024, Duration.ofSeconds(30), NetworkAccess.NONE));
		assertThat(result.exitCode()).isEqualTo(3);
		assertThat(Files.readString(log).strip()).isEqualTo(Long.toString(uid));

		this.runtime.stop(this.container);
		assertThat(this.runtime.running()).isEmpty();
		assertThat(ProcessHandle.of(pid).filter(ProcessTrees::running)).isEmpty();

		List<String> calls = Files.readAllLines(this.shared.resolve("calls.log"));
		assertThat(calls).hasSize(4)
			.allSatisfy((call) -> assertThat(call).startsWith("uid=" + uid + " groups=" + uid + ",268435456 HOME="
					+ this.root.resolve("work/stress/apptainer") + " :: "));
		assertThat(calls.get(0)).contains(":: instance start --userns");
		assertThat(calls.get(1)).contains(":: instance list --json");
		assertThat(calls.get(2)).contains(":: exec --cleanenv");
		assertThat(calls.get(3)).contains(":: instance stop gridfaas.stress");
	}

	@Test
	void theTenantGetsAHostAccountOnceForApptainerToLookUp() throws Exception {
		long uid = this.tenants.of(ALICE).uid();
		this.runtime.start(spec(NetworkAccess.NONE));
		this.runtime.stop(this.container);
		this.runtime.start(spec(NetworkAccess.NONE));

		assertThat(Files.readAllLines(this.shared.resolve("useradd.log"))).containsExactly("--system --no-create-home"
				+ " --home-dir /nonexistent --shell /usr/sbin/nologin --no-user-group --gid 65534 --uid " + uid
				+ " gridfaas-" + uid);
	}

	@Test
	void aRestartedServiceFindsTheInstanceAgainFromItsRecord() throws Exception {
		this.runtime.start(spec(NetworkAccess.NONE));
		ApptainerRuntime restarted = runtime();
		assertThat(restarted.running()).containsExactly(this.container);
		assertThat(restarted.cpuUsage(this.container)).isNotNull();
	}

	@Test
	void egressIsRefusedBecauseApptainerWouldShareTheHostsLoopback() {
		assertThatThrownBy(() -> this.runtime.start(spec(NetworkAccess.EGRESS))).isInstanceOf(RuntimeFailure.class)
			.hasMessageContaining("local runtime only");
		assertThat(this.runtime.running()).isEmpty();
	}

	private ApptainerRuntime runtime() throws Exception {
		Path apptainer = script("apptainer", FAKE_APPTAINER);
		Path useradd = script("useradd", FAKE_USERADD);
		ProcessRunner runner = new ProcessRunner(Map.of("PATH", "/usr/bin:/bin"));
		return new ApptainerRuntime(new ApptainerCommands(apptainer.toString()), runner, this.cgroups,
				Path.of("/sys/fs/cgroup"), this.tenants, new TenantFolders(true, this.tenants.sandboxGroup()),
				new HostAccounts(this.shared.resolve("passwd"), useradd.toString(), runner), this.root.resolve("work"));
	}

	private ContainerSpec spec(NetworkAccess network) throws Exception {
		Path image = this.root.resolve("stress.sif");
		Files.writeString(image, "SIF");
		return new ContainerSpec(this.container, FunctionName.of("stress"), ALICE, image, null,
				this.root.resolve("work/stress"), CpuShares.of(50),
				new ResourceLimits(DataSize.ofMegabytes(256), 128, DataSize.ofMegabytes(64)), network);
	}

	private Path script(String name, String template) throws Exception {
		Path file = this.root.resolve(name);
		Files.writeString(file, template.formatted(this.shared));
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
		return file;
	}

	private static long uidOf(long pid) throws Exception {
		return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))
			.stream()
			.filter((line) -> line.startsWith("Uid:"))
			.map((line) -> Long.parseLong(line.split("\\s+")[1]))
			.findFirst()
			.orElseThrow();
	}

}
