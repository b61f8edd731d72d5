package org.gridfaas.credit.metering;

import org.gridfaas.common.api.UsagePage;

/**
 * Where CPU readings come from: one ContainerManager's usage log, read by cursor.
 */
public interface UsageSource {

	/** Identifies the source; the cursor is kept under it. */
	String id();

	/**
	 * The readings after {@code cursor} in log {@code log}, oldest first; reading changes
	 * nothing. A source whose log is not {@code log} (it lost its state, or this is the
	 * first read) serves its own from the start and says which it is.
	 * @throws SourceUnavailableException when the source cannot be read now
	 */
	UsagePage after(long cursor, String log, int limit);

	/**
	 * Everything up to {@code cursor} of log {@code log} is stored here, so the source
	 * may forget it. Best effort: one not delivered is covered by the next.
	 * @throws SourceUnavailableException when the source cannot be reached now
	 */
	void acknowledge(String log, long cursor);

	/** The source could not be read; the next cycle tries again. */
	class SourceUnavailableException extends RuntimeException {

		public SourceUnavailableException(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
