package org.gridfaas.common.web;

import org.springframework.http.HttpStatus;

/** A request body in a media type the endpoint does not read: 415. */
public class UnsupportedMediaTypeException extends ApiException {

	public UnsupportedMediaTypeException(String detail) {
		super(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ProblemType.UNSUPPORTED_MEDIA_TYPE, detail);
	}

}
