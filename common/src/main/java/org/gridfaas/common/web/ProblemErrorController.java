package org.gridfaas.common.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page ({@code /error}), reached by errors no handler
 * answered (a filter's, or a status set without a body): problem+json with the status,
 * and nothing else of the failure.
 */
@RestController
public class ProblemErrorController implements ErrorController {

	@RequestMapping(path = "/error", produces = MediaType.APPLICATION_PROBLEM_JSON_VALUE)
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		HttpStatus status = (code instanceof Integer value && HttpStatus.resolve(value) != null)
				? HttpStatus.valueOf(value) : HttpStatus.INTERNAL_SERVER_ERROR;
		ProblemType type = switch (status) {
			case NOT_FOUND -> ProblemType.NOT_FOUND;
			case UNAUTHORIZED -> ProblemType.UNAUTHENTICATED;
			case FORBIDDEN -> ProblemType.FORBIDDEN;
			case CONTENT_TOO_LARGE -> ProblemType.TOO_LARGE;
			case UNSUPPORTED_MEDIA_TYPE -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
			default -> status.is4xxClientError() ? ProblemType.INVALID_INPUT : ProblemType.INTERNAL;
		};
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(Problems.of(status, type, status.getReasonPhrase()));
	}

}
