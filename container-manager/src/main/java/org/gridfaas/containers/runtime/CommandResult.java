package org.gridfaas.containers.runtime.apptainer;

/**
 * How an OS command ended.
 *
 * @param exitCode its exit code
 * @param stdout what it printed
 * @param stderr what it printed as errors
 */
record CommandResult(int exitCode, String stdout, String stderr) {
}
