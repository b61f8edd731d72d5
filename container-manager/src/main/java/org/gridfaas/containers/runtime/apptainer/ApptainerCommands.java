package org.gridfaas.containers.runtime.apptainer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.gridfaas.common.cpu.CpuShares;

/**
 * The {@code apptainer} command lines gridfaas runs, as argument lists. Kept apart from
 * running them so each can be checked exactly.
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
	 * {@code apptainer instance start}: the function's staging data read-only at
	 * {@code /staging}, the work folder at the same path inside, the host's environment
	 * and home kept out, and the CPU limit applied from a cgroups file (Apptainer applies
	 * limits only at start).
	 */
	List<String> start(String instance, Path image, Path staging, Path workFolder, Path cgroupsFile) {
		List<String> command = new ArrayList<>(List.of(this.apptainer, "instance", "start", "--cleanenv", "--no-home",
				"--apply-cgroups", cgroupsFile.toString(), "--bind", workFolder + ":" + workFolder));
		if (staging != null) {
			command.addAll(List.of("--bind", staging + ":/staging:ro"));
		}
		command.addAll(List.of(image.toString(), instance));
		return command;
	}

	/**
	 * {@code apptainer exec} in a running instance, with exactly the given environment.
	 */
	List<String> exec(String instance, Path workFolder, Map<String, String> environment, List<String> command) {
		List<String> args = new ArrayList<>(
				List.of(this.apptainer, "exec", "--cleanenv", "--pwd", workFolder.toString()));
		new TreeMap<>(environment).forEach((name, value) -> args.addAll(List.of("--env", name + "=" + value)));
		args.add("instance://" + instance);
		args.addAll(command);
		return args;
	}

	List<String> stop(String instance) {
		return List.of(this.apptainer, "instance", "stop", instance);
	}

	List<String> list() {
		return List.of(this.apptainer, "instance", "list", "--json");
	}

	/**
	 * The {@code --apply-cgroups} file: the OCI resources format in TOML, with the limit
	 * as a CFS quota per period.
	 */
	static String cgroupsToml(CpuShares limit, Duration period) {
		long periodMicros = period.toNanos() / 1000;
		return "[cpu]\n  period = " + periodMicros + "\n  quota = " + Math.max(1000, limit.cfsQuotaMicros(period))
				+ "\n";
	}

}
