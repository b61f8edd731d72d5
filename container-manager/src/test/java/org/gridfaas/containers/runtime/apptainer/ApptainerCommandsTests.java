package org.gridfaas.containers.runtime.apptainer;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import org.gridfaas.common.naming.UserName;
import org.gridfaas.containers.runtime.TenantIds.TenantId;

import static org.assertj.core.api.Assertions.assertThat;

/** Every Apptainer command line, exactly: each begins with the tenant's identity. */
class ApptainerCommandsTests {

	static final TenantId ALICE = new TenantId(UserName.of("alice"), 268_500_992L, 268_435_456L);

	static final List<String> AS_ALICE = List.of("setpriv", "--reuid=268500992", "--regid=268500992",
			"--groups=268435456", "--no-new-privs", "--", "env", "HOME=/w/stress/apptainer", "apptainer");

	static final Path HOME = Path.of("/w/stress/apptainer");

	ApptainerCommands commands = new ApptainerCommands("apptainer");

	@Test
	void anInstanceStartsAsTheTenantInAUserNamespaceWithNoNetworkAndOnlyItsFoldersBound() {
		assertThat(this.commands.start(Optional.of(ALICE), HOME, "gridfaas.stress", Path.of("/w/stress/stress.sif"),
				Path.of("/w/stress/staging"), Path.of("/w/stress/tasks")))
			.startsWith(AS_ALICE.toArray(String[]::new))
			.endsWith("instance", "start", "--userns", "--containall", "--no-home", "--cleanenv", "--net", "--network",
					"none", "--bind", "/w/stress/tasks:/w/stress/tasks", "--bind", "/w/stress/staging:/staging:ro",
					"/w/stress/stress.sif", "gridfaas.stress")
			.hasSize(AS_ALICE.size() + 15);
	}

	@Test
	void aTaskRunsInTheInstanceAsTheTenantWithExactlyItsEnvironmentAndNoShell() {
		assertThat(this.commands.exec(Optional.of(ALICE), HOME, "gridfaas.stress", Path.of("/w/stress/tasks/t-1"),
				Map.of("PATH", "/usr/bin:/bin", "GRIDFAAS_TASK", "101.2-100.txt; rm -rf /"),
				List.of("bash", "/w/stress/tasks/t-1/process_task.sh", "in", "out")))
			.startsWith(AS_ALICE.toArray(String[]::new))
			.endsWith("exec", "--cleanenv", "--pwd", "/w/stress/tasks/t-1", "--env",
					"GRIDFAAS_TASK=101.2-100.txt; rm -rf /", "--env", "PATH=/usr/bin:/bin",
					"instance://gridfaas.stress", "bash", "/w/stress/tasks/t-1/process_task.sh", "in", "out")
			.hasSize(AS_ALICE.size() + 13);
	}

	@Test
	void anImageIsBuiltAsTheTenantWithFakerootInTheStagingFolder() {
		assertThat(this.commands.build(ALICE, Path.of("/b/home"), Path.of("/b/staging"), Path.of("/b/image.sif"),
				Path.of("/b/function.def")))
			.containsExactly("setpriv", "--reuid=268500992", "--regid=268500992", "--groups=268435456",
					"--no-new-privs", "--", "env", "--chdir=/b/staging", "HOME=/b/home", "apptainer", "build",
					"--fakeroot", "--force", "/b/image.sif", "/b/function.def");
	}

	@Test
	void stopAndListRunAsTheTenantWhoseInstancesTheyAre() {
		assertThat(this.commands.stop(Optional.of(ALICE), HOME, "gridfaas.stress"))
			.containsExactlyElementsOf(concat(AS_ALICE, List.of("instance", "stop", "gridfaas.stress")));
		assertThat(this.commands.list(Optional.of(ALICE), HOME))
			.containsExactlyElementsOf(concat(AS_ALICE, List.of("instance", "list", "--json")));
	}

	@Test
	void aServiceThatIsNotRootRunsApptainerAsItself() {
		assertThat(this.commands.list(Optional.empty(), HOME)).containsExactly("env", "HOME=/w/stress/apptainer",
				"apptainer", "instance", "list", "--json");
	}

	private static List<String> concat(List<String> first, List<String> second) {
		return java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
	}

}
