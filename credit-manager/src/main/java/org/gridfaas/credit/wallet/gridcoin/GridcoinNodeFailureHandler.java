package org.gridfaas.credit.wallet.gridcoin;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.gridfaas.common.web.ProblemType;
import org.gridfaas.common.web.Problems;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A call that needs the Gridcoin node while the node is down, too slow or refuses the
 * service's credentials is answered 503 problem+json, as the API promises for a system it
 * depends on; the log gets one line naming the cause, no stack trace. Ahead of the
 * catch-all handler, which would answer 500.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class GridcoinNodeFailureHandler {

	private static final Logger log = LoggerFactory.getLogger(GridcoinNodeFailureHandler.class);

	@ExceptionHandler({ GridcoinRpcException.Unavailable.class, GridcoinRpcException.Unauthorized.class })
	ResponseEntity<ProblemDetail> nodeFailed(GridcoinRpcException ex) {
		log.warn("A request needed the Gridcoin node, which failed: {}", ex.getMessage());
		String detail = (ex instanceof GridcoinRpcException.Unauthorized)
				? "The Gridcoin node refuses this service's credentials; the operator must fix them"
				: "The Gridcoin node cannot be reached now; retry later";
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, ProblemType.UNAVAILABLE, detail));
	}

}
