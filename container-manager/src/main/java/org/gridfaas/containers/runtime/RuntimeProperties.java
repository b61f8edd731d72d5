package org.gridfaas.containers.runtime;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

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
 * @param taskUser the unprivileged user tasks run as when the service runs as root
 */
@ConfigurationProperties("gridfaas.runtime")
public record RuntimeProperties(@DefaultValue("auto") String kind, Path workFolder,
		@DefaultValue("/sys/fs/cgroup") Path cgroupMount, @DefaultValue("gridfaas") String cgroupParent,
		@DefaultValue("100ms") Duration cfsPeriod, @DefaultValue("nobody") String taskUser) {
}
