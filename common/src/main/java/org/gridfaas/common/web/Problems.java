package org.gridfaas.common.web;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Builds the problem+json bodies both services answer with, so every error has one shape.
 */
public final class Problems {

	/** The RFC 9457 extension member that lists rejected inputs. */
	public static final String INVALID_PARAMS = "invalid-params";

	private Problems() {
	}

	public static ProblemDetail of(HttpStatus status, ProblemType type, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(type.uri());
		problem.setTitle(type.title());
		return problem;
	}

	/** A 400 naming every rejected input. */
	public static ProblemDetail invalid(List<InvalidParam> params) {
		String detail = (params.size() == 1) ? params.get(0).name() + ": " + params.get(0).reason()
				: params.size() + " inputs were rejected";
		ProblemDetail problem = of(HttpStatus.BAD_REQUEST, ProblemType.INVALID_INPUT, detail);
		problem.setProperty(INVALID_PARAMS, List.copyOf(params));
		return problem;
	}

}
