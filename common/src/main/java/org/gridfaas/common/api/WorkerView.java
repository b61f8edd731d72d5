package org.gridfaas.common.api;

import java.net.URI;
import java.time.Instant;

/**
 * A worker as CreditManager knows it.
 *
 * @param name its name
 * @param url where it is reached
 * @param cpuCapacity its CPU, in shares
 * @param lastSeen when its last heartbeat came
 * @param silent whether it has missed heartbeats for longer than CreditManager allows;
 * its usage waits in its log and is billed when it comes back
 */
public record WorkerView(String name, URI url, int cpuCapacity, Instant lastSeen, boolean silent) {
}
