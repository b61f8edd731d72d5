package org.gridfaas.common.web;

import org.springframework.http.HttpStatus;

/** The token may not act on this resource, e.g. another user's function (403). */
public class ForbiddenException extends ApiException {

	public ForbiddenException(String detail) {
		super(HttpStatus.FORBIDDEN, ProblemType.FORBIDDEN, detail);
	}

}
