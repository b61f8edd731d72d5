package org.gridfaas.experiments.run;

/**
 * Something that happened in a run, for the summary's time line and the plots' marks.
 *
 * @param t seconds since the scenario started
 * @param kind what sort of thing happened
 * @param what what happened, in words
 */
public record Moment(double t, Kind kind, String what) {

	/** The sorts of things a run notes. */
	public enum Kind {

		/** A deposit was made. */
		DEPOSIT,

		/** Tasks were submitted. */
		SUBMITTED,

		/** The account's status changed. */
		ACCOUNT,

		/** A container instance started. */
		CONTAINER_STARTED,

		/** The container's CPU was pinned at its floor. */
		RESTRICTED,

		/** The restriction was lifted. */
		LIFTED,

		/** A container instance stopped with nothing running. */
		STOPPED,

		/**
		 * A container instance stopped with tasks running, which went back to pending.
		 */
		STOPPED_RUNNING,

		/** The runner stopped the container at the scenario's end. */
		ENDED

	}

}
