package org.gridfaas.containers.image;

import org.gridfaas.common.web.ApiException;
import org.gridfaas.common.web.ProblemType;
import org.springframework.http.HttpStatus;

/** A definition file the platform does not build, with the line that is wrong. */
public class InvalidDefinitionException extends ApiException {

	private final int line;

	/**
	 * @param line the line, from 1; 0 for the file as a whole
	 * @param reason why
	 */
	public InvalidDefinitionException(int line, String reason) {
		super(HttpStatus.BAD_REQUEST, ProblemType.INVALID_INPUT,
				"definition" + ((line > 0) ? ", line " + line : "") + ": " + reason);
		this.line = line;
	}

	public int line() {
		return this.line;
	}

}
