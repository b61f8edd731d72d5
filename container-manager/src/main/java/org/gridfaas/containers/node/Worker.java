package org.gridfaas.containers.node;

import java.net.URI;

import org.gridfaas.common.cpu.CpuShares;

/**
 * This ContainerManager as one worker among those that share an object store.
 *
 * @param name its name, unique among them
 * @param url where CreditManager reaches it
 * @param capacity the CPU its replicas may take together
 */
public record Worker(String name, URI url, CpuShares capacity) {
}
