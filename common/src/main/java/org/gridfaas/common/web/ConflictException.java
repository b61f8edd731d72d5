package org.gridfaas.common.web;

import org.springframework.http.HttpStatus;

/**
 * The request clashes with the current state, e.g. an idempotency key reused with another
 * body (409).
 */
public class ConflictException extends ApiException {

	public ConflictException(String detail) {
		super(HttpStatus.CONFLICT, ProblemType.CONFLICT, detail);
	}

}
