package org.gridfaas.common.web;

import org.springframework.http.HttpStatus;

/** A request body over its size limit: 413, before more of it is read. */
public class BodyTooLargeException extends ApiException {

	public BodyTooLargeException(long limit) {
		super(HttpStatus.CONTENT_TOO_LARGE, ProblemType.TOO_LARGE,
				"The request body is over the limit of " + limit + " bytes");
	}

}
