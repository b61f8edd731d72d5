package org.gridfaas.containers.task;

import org.gridfaas.common.StateConflictException;

/** A task submitted under a name that one of the function's tasks has already (409). */
public class TaskConflictException extends StateConflictException {

	public TaskConflictException(String reason) {
		super(reason);
	}

}
