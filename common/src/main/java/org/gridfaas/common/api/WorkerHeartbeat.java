package org.gridfaas.common.api;

import java.net.URI;

/**
 * What a ContainerManager tells CreditManager every heartbeat: where to reach it and how
 * much CPU it offers. CreditManager meters and enforces every worker that sends one.
 *
 * @param url its base URL, {@code http} or {@code https}
 * @param cpuCapacity the CPU its replicas may take together, in shares (100 = one core)
 */
public record WorkerHeartbeat(URI url, int cpuCapacity) {
}
