package org.gridfaas.common.api;

import java.util.List;

/**
 * A page of the usage log.
 *
 * @param records readings with {@code seq} greater than the requested cursor, oldest
 * first
 * @param cursor the value to pass as {@code after} next time: the last record's seq, or
 * the requested cursor when the page is empty
 * @param more whether more records were waiting beyond this page
 * @param log identifies the usage log: a cursor means something only in its own log, so a
 * reader whose log changed (ContainerManager lost its state) reads the new one from its
 * start
 */
public record UsagePage(List<UsageRecord> records, long cursor, boolean more, String log) {

	public UsagePage {
		records = List.copyOf(records);
	}

}
