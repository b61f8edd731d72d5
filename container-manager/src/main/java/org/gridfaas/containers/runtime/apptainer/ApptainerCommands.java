package org.gridfaas.containers.runtime.apptainer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.gridfaas.containers.runtime.ContainerRuntime;
import org.gridfaas.containers.runtime.TenantIds.TenantId;

/**
 * The {@code apptainer} command lines gridfaas runs, as argument lists. Kept apart from
 * running them so each can be checked exactly. Every one runs as the tenant
 * ({@code setpriv} to its uid, with {@code no_new_privs}, so no set-uid starter can lift
 * it back to root) with {@code HOME} at the container's Apptainer folder, where Apptainer
 * keeps its record of the instance.
 */
final class ApptainerCommands {

	/**
	 * Instances of ours are named {@code gridfaas.<container>}, so others' are left
	 * alone.
	 */
	static final String PREFIX = "gridfaas.";

	private final String apptainer;

	ApptainerCommands(String apptainer) {
		this.apptainer = apptainer;
	}

	/**
	 * {@code apptainer instance start} in a user namespace of the tenant's
	 * ({@code --userns}), contained (its own PID and IPC namespaces, minimal
	 * {@code /dev}, empty {@code /tmp} and home), with a network namespace of loopback
	 * only, the host's environment kept out, the container's task folders at the same
	 * path inside and the function's staging data read-only at {@code /staging}.
	 */
	List<String> start(Optional<TenantId> tenant, Path home, String instance, Path image, Path staging,
			Path tasksFolder) {
		List<String> command = as(tenant, home);
		command.addAll(List.of("instance", "start", "--userns", "--containall", "--no-home", "--cleanenv", "--net",
				"--network", "none", "--bind", tasksFolder + ":" + tasksFolder));
		if (staging != null) {
			command.addAll(List.of("--bind", staging + ":" + ContainerRuntime.STAGING + ":ro"));
		}
		command.addAll(List.of(image.toString(), instance));
		return command;
	}

	/**
	 * {@code apptainer exec} in a running instance, with exactly the given environment.
	 */
	List<String> exec(Optional<TenantId> tenant, Path home, String instance, Path workFolder,
			Map<String, String> environment, List<String> command) {
		List<String> args = as(tenant, home);
		args.addAll(List.of("exec", "--cleanenv", "--pwd", workFolder.toString()));
		new TreeMap<>(environment).forEach((name, value) -> args.addAll(List.of("--env", name + "=" + value)));
		args.add("instance://" + instance);
		args.addAll(command);
		return args;
	}

	/**
	 * {@code apptainer build --fakeroot} of a definition, run in the function's staging
	 * folder, where the definition's {@code %files} sources are.
	 */
	List<String> build(TenantId tenant, Path home, Path staging, Path target, Path definition) {
		List<String> command = new ArrayList<>(tenant.setpriv(true));
		command.addAll(List.of("env", "--chdir=" + staging, "HOME=" + home, this.apptainer, "build", "--fakeroot",
				"--force", target.toString(), definition.toString()));
		return command;
	}

	List<String> stop(Optional<TenantId> tenant, Path home, String instance) {
		List<String> command = as(tenant, home);
		command.addAll(List.of("instance", "stop", instance));
		return command;
	}

	List<String> list(Optional<TenantId> tenant, Path home) {
		List<String> command = as(tenant, home);
		command.addAll(List.of("instance", "list", "--json"));
		return command;
	}

	private List<String> as(Optional<TenantId> tenant, Path home) {
		List<String> command = new ArrayList<>(tenant.map((id) -> id.setpriv(true)).orElse(List.of()));
		command.addAll(List.of("env", "HOME=" + home, this.apptainer));
		return command;
	}

}
