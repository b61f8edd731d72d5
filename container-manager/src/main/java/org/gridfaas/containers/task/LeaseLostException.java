package org.gridfaas.containers.task;

/**
 * Another worker holds the task's lease now: this attempt's outcome must not be filed.
 */
class LeaseLostException extends RuntimeException {

	LeaseLostException(TaskLease lease) {
		super("This worker no longer holds the " + lease + "; its outcome is not filed");
	}

}
