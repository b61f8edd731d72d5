package org.gridfaas.containers.runtime.apptainer;

import java.util.Optional;

/**
 * Finds a process's CPU cgroup from {@code /proc/<pid>/cgroup}, where Apptainer put the
 * instance (e.g. {@code system.slice/apptainer-<pid>.scope}); reading the file rather
 * than guessing the path works for root and rootless instances, v1 and v2 alike.
 */
final class ProcCgroup {

	private ProcCgroup() {
	}

	/**
	 * The group paths, relative to each hierarchy's mount.
	 *
	 * @param cpu the group in the {@code cpu} hierarchy (v1) or the unified one (v2)
	 * @param cpuacct the group in the {@code cpuacct} hierarchy (v1; same as cpu on v2)
	 */
	record Paths(String cpu, String cpuacct) {
	}

	/** Parses the content of {@code /proc/<pid>/cgroup}. */
	static Optional<Paths> parse(String content) {
		String cpu = null;
		String cpuacct = null;
		String unified = null;
		for (String line : content.lines().toList()) {
			String[] fields = line.split(":", 3);
			if (fields.length != 3) {
				continue;
			}
			String path = fields[2].startsWith("/") ? fields[2].substring(1) : fields[2];
			if (fields[0].equals("0") && fields[1].isEmpty()) {
				unified = path;
			}
			for (String controller : fields[1].split(",")) {
				if (controller.equals("cpu")) {
					cpu = path;
				}
				if (controller.equals("cpuacct")) {
					cpuacct = path;
				}
			}
		}
		if (cpu != null && cpuacct != null) {
			return Optional.of(new Paths(cpu, cpuacct));
		}
		return Optional.ofNullable(unified).map((path) -> new Paths(path, path));
	}

}
