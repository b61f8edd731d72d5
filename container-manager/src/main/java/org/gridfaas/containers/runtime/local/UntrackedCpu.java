package org.gridfaas.containers.runtime.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.gridfaas.containers.runtime.ProcessTrees;

/**
 * A container without a cgroup: the CPU of its finished commands, from their recorded
 * stat, plus that of the commands still running, sampled from their process trees.
 * Readings stay cumulative because a finished command's time is added when it leaves the
 * live set.
 */
final class UntrackedCpu {

	private static final Logger log = LoggerFactory.getLogger(UntrackedCpu.class);

	/** Each live command with the most CPU read of it so far. */
	private final Map<ProcessHandle, Duration> live = new ConcurrentHashMap<>();

	private volatile Duration finished = Duration.ZERO;

	void started(ProcessHandle process) {
		this.live.put(process, Duration.ZERO);
	}

	/** Moves a command from the live set to the finished total in one step. */
	synchronized void finished(ProcessHandle process, Path statFile) {
		Duration seen = this.live.remove(process);
		Duration total = (seen != null) ? seen : Duration.ZERO;
		try {
			if (Files.exists(statFile)) {
				total = max(total, ProcessTreeCpu.parse(Files.readString(statFile)));
				Files.delete(statFile);
			}
		}
		catch (IOException | RuntimeException ex) {
			log.warn("Cannot read the CPU time of a finished task from {}: {}", statFile, ex.getMessage());
		}
		this.finished = this.finished.plus(total);
	}

	private static Duration max(Duration a, Duration b) {
		return (a.compareTo(b) >= 0) ? a : b;
	}

	synchronized Duration usage() {
		Duration total = this.finished;
		// A command that has just exited reads nothing until finished() counts it: its
		// last reading stands meanwhile, so the total never goes back.
		for (Map.Entry<ProcessHandle, Duration> command : this.live.entrySet()) {
			Duration reading = max(command.getValue(), ProcessTreeCpu.ofTree(command.getKey()));
			command.setValue(reading);
			total = total.plus(reading);
		}
		return total;
	}

	/** Kills every live command; their last readings stand once they are gone. */
	Duration killAll() {
		usage();
		this.live.keySet().forEach(ProcessTrees::kill);
		return usage();
	}

}
