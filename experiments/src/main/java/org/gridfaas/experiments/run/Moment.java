package org.gridfaas.experiments.run;

/**
 * Something that happened in a run, for the summary's time line.
 *
 * @param t seconds since the scenario started
 * @param what what happened
 */
public record Moment(double t, String what) {
}
