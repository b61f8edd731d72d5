package org.gridfaas.experiments.scenario;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A task of the stress function: load {@code cores} cores for {@code seconds} scenario
 * seconds. Written {@code <cores>-<seconds>} in a scenario file; submitted as
 * {@code <seq>.<cores>-<seconds>.txt}, the name {@code functions/stress/process_task.sh}
 * reads.
 *
 * @param cores cores to load, 1 or more
 * @param seconds how long, in scenario seconds
 */
public record StressTask(int cores, long seconds) {

	private static final Pattern SPEC = Pattern.compile("([0-9]{1,3})-([0-9]{1,6})");

	public StressTask {
		if (cores < 1 || seconds < 1) {
			throw new IllegalArgumentException("a stress task needs at least 1 core for at least 1 s");
		}
	}

	/** Parses {@code <cores>-<seconds>}, e.g. {@code 2-100}. */
	public static StressTask parse(String spec) {
		Matcher matcher = SPEC.matcher(spec.strip());
		if (!matcher.matches()) {
			throw new IllegalArgumentException(
					"'" + spec + "' is not a stress task: write <cores>-<seconds>, e.g. 2-100");
		}
		return new StressTask(Integer.parseInt(matcher.group(1)), Long.parseLong(matcher.group(2)));
	}

	/**
	 * The task's file name at a time scale: the seconds shrink by the factor (at least 1
	 * s).
	 */
	public String fileName(int seq, double timeScale) {
		return seq + "." + this.cores + "-" + scaledSeconds(timeScale) + ".txt";
	}

	public long scaledSeconds(double timeScale) {
		return Math.max(1, Math.round(this.seconds / timeScale));
	}

	@Override
	public String toString() {
		return this.cores + "-" + this.seconds;
	}

}
