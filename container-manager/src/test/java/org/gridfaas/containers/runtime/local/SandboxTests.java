package org.gridfaas.containers.runtime.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.gridfaas.common.naming.UserName;
import org.gridfaas.containers.runtime.NetworkAccess;
import org.gridfaas.containers.runtime.TenantIds.TenantId;

import static org.assertj.core.api.Assertions.assertThat;

/** The sandbox's command line, exactly: every flag is part of the security model. */
class SandboxTests {

	@TempDir
	Path host;

	@Test
	void aTaskRunsAsItsTenantInEveryNewNamespaceWithOnlyItsFolderWritable() throws Exception {
		Files.createDirectories(this.host.resolve("usr"));
		Files.createDirectories(this.host.resolve("etc"));
		Files.createSymbolicLink(this.host.resolve("bin"), Path.of("usr/bin"));
		Sandbox sandbox = new Sandbox("bwrap", "pasta", this.host);
		TenantId alice = new TenantId(UserName.of("alice"), 268_500_992L, 268_435_456L);

		List<String> command = sandbox.wrap(Optional.of(alice), Path.of("/work/f/tasks/t-1"),
				Optional.of(Path.of("/work/f/staging")), "f", 1_048_576, NetworkAccess.NONE,
				List.of("bash", "/task/process_task.sh"));

		assertThat(command).containsExactly("setpriv", "--reuid=268500992", "--regid=268500992", "--groups=268435456",
				"--no-new-privs", "--", "bwrap", "--unshare-all", "--unshare-user", "--disable-userns", "--uid", "1000",
				"--gid", "1000", "--hostname", "f", "--new-session", "--as-pid-1", "--die-with-parent", "--ro-bind",
				this.host.resolve("usr").toString(), "/usr", "--symlink", "usr/bin", "/bin", "--ro-bind",
				this.host.resolve("etc").toString(), "/etc", "--proc", "/proc", "--dev", "/dev", "--size", "1048576",
				"--perms", "1777", "--tmpfs", "/tmp", "--size", "1048576", "--perms", "1777", "--tmpfs", "/var/tmp",
				"--size", "1048576", "--perms", "1777", "--tmpfs", "/dev/shm", "--bind", "/work/f/tasks/t-1", "/task",
				"--ro-bind", "/work/f/staging", "/staging", "--chdir", "/task", "--", "bash", "/task/process_task.sh");
	}

	@Test
	void aFunctionGrantedEgressRunsUnderPastaWithNoPortForwardedAndTheSandboxSharingItsNetwork() {
		TenantId alice = new TenantId(UserName.of("alice"), 268_500_992L, 268_435_456L);
		List<String> command = new Sandbox("bwrap", "pasta", this.host).wrap(Optional.of(alice), Path.of("/w/t"),
				Optional.empty(), "f", 1_048_576, NetworkAccess.EGRESS, List.of("true"));
		// no_new_privs is left to Bubblewrap, which sets it for the task.
		assertThat(command.subList(0, 20)).containsExactly("setpriv", "--reuid=268500992", "--regid=268500992",
				"--groups=268435456", "--", "pasta", "--config-net", "--quiet", "--tcp-ports", "none", "--udp-ports",
				"none", "--tcp-ns", "none", "--udp-ns", "none", "--no-map-gw", "--", "bwrap", "--unshare-all");
		assertThat(command.subList(20, 24)).containsExactly("--share-net", "--unshare-user", "--disable-userns",
				"--uid");
	}

	@Test
	void aServiceThatIsNotRootRunsTheSandboxAsItself() {
		List<String> command = new Sandbox("bwrap", "pasta", this.host).wrap(Optional.empty(), Path.of("/w/t"),
				Optional.empty(), "f", 1_048_576, NetworkAccess.NONE, List.of("true"));
		assertThat(command.get(0)).isEqualTo("bwrap");
		assertThat(command).doesNotContain("setpriv", "/staging");
	}

	@Test
	void aTaskInAnImageSeesTheImagesEntriesReadOnlyAsItsRootAndNothingOfTheHosts() throws Exception {
		Path image = Files.createDirectories(this.host.resolve("image"));
		Files.createDirectories(image.resolve("usr"));
		Files.createDirectories(image.resolve("opt"));
		Files.createDirectories(image.resolve("proc"));
		Files.createDirectories(image.resolve("var/tmp"));
		Files.createSymbolicLink(image.resolve("bin"), Path.of("usr/bin"));
		Files.writeString(image.resolve("marker"), "x");
		Files.createDirectories(this.host.resolve("etc"));
		TenantId alice = new TenantId(UserName.of("alice"), 268_500_992L, 268_435_456L);

		List<String> command = new Sandbox("bwrap", "pasta", this.host).wrap(Optional.of(alice), Optional.of(image),
				Path.of("/work/f/tasks/t-1"), Optional.empty(), "f", 1_048_576, NetworkAccess.NONE, List.of("true"));

		// Sorted entries, less those the sandbox mounts itself (proc); the host's /etc is
		// not there.
		assertThat(command).containsSequence("--as-pid-1", "--die-with-parent", "--symlink", "usr/bin", "/bin",
				"--ro-bind", image.resolve("marker").toString(), "/marker", "--ro-bind",
				image.resolve("opt").toString(), "/opt", "--ro-bind", image.resolve("usr").toString(), "/usr",
				"--ro-bind", image.resolve("var").toString(), "/var", "--proc", "/proc", "--dev", "/dev");
		assertThat(command).contains("/var/tmp")
			.doesNotContain(this.host.resolve("etc").toString(), image.resolve("proc").toString());
		assertThat(command.subList(command.size() - 9, command.size())).containsExactly("--bind", "/work/f/tasks/t-1",
				"/task", "--remount-ro", "/", "--chdir", "/task", "--", "true");
	}

}
