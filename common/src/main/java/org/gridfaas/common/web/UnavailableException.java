package org.gridfaas.common.web;

import org.springframework.http.HttpStatus;

/** A system this call depends on cannot be reached now; the call may be retried (503). */
public class UnavailableException extends ApiException {

	public UnavailableException(String detail) {
		super(HttpStatus.SERVICE_UNAVAILABLE, ProblemType.UNAVAILABLE, detail);
	}

}
