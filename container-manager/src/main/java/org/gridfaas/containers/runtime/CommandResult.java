package org.gridfaas.containers.runtime;

/**
 * How an OS command ended.
 *
 * @param exitCode its exit code
 * @param stdout what it printed
 * @param stderr what it printed as errors
 */
public record CommandResult(int exitCode, String stdout, String stderr) {
}
