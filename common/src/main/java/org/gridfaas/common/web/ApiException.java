package org.gridfaas.common.web;

import org.springframework.http.HttpStatus;

/**
 * An error a client caused or must know about, mapped to one problem+json response by
 * {@link ApiExceptionHandler}. Subclasses name the problem; messages are written for the
 * client and never carry secrets.
 */
public abstract class ApiException extends RuntimeException {

	private final HttpStatus status;

	private final ProblemType type;

	protected ApiException(HttpStatus status, ProblemType type, String detail) {
		super(detail);
		this.status = status;
		this.type = type;
	}

	public HttpStatus status() {
		return this.status;
	}

	public ProblemType type() {
		return this.type;
	}

}
