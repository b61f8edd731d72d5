package org.gridfaas.common.web;

import java.util.Optional;

import org.springframework.http.HttpStatus;

/** The named resource does not exist (404). */
public class NotFoundException extends ApiException {

	public NotFoundException(String detail) {
		super(HttpStatus.NOT_FOUND, ProblemType.NOT_FOUND, detail);
	}

	/**
	 * Unwraps an optional or throws:
	 * {@code throwIfNotFound(repo.find(id), "no account 'x'")}.
	 */
	public static <T> T throwIfNotFound(Optional<T> value, String detail) {
		return value.orElseThrow(() -> new NotFoundException(detail));
	}

}
