package org.gridfaas.containers.runtime;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How containers are run.
 *
 * @param kind {@code auto} (Apptainer where the {@code apptainer} command exists, else
 * local), {@code apptainer} or {@code local}
 * @param workFolder where tasks keep their files while they run (default
 * {@code $GRIDFAAS_HOME/work})
 * @param cgroupMount where cgroups are mounted
 * @param cgroupParent the group under which each container gets its own
 * @param cfsPeriod the CFS period limits are expressed in (ServerlessContainers: 100 ms)
 * @param firstTenantId the first host id of the tenants' ids: the sandbox group, with
 * each owner's block of 65,536 ids above it (the default leaves room for 28,672 owners)
 * @param tmpSize the size of each private tmpfs a task gets ({@code /tmp},
 * {@code /var/tmp}, {@code /dev/shm})
 * @param bwrap the Bubblewrap program the local runtime sandboxes tasks with
 * @param pasta the pasta program (Debian's {@code passt}) that gives functions granted
 * egress their outbound network
 */
@ConfigurationProperties("gridfaas.runtime")
public record RuntimeProperties(@DefaultValue("auto") String kind, Path workFolder,
		@DefaultValue("/sys/fs/cgroup") Path cgroupMount, @DefaultValue("gridfaas") String cgroupParent,
		@DefaultValue("100ms") Duration cfsPeriod, @DefaultValue("268435456") long firstTenantId,
		@DefaultValue("64MB") DataSize tmpSize, @DefaultValue("bwrap") String bwrap,
		@DefaultValue("pasta") String pasta) {

	public RuntimeProperties {
		if (tmpSize.toBytes() < DataSize.ofMegabytes(1).toBytes() || tmpSize.toGigabytes() > 64) {
			throw new IllegalArgumentException("gridfaas.runtime.tmp-size must be between 1MB and 64GB");
		}
	}

	/** The folder tasks keep their files in, absolute: by default {@code <home>/work}. */
	public Path workRoot(Path home) {
		return ((this.workFolder != null) ? this.workFolder : home.resolve("work")).toAbsolutePath();
	}

}
