package org.gridfaas.common.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * How large a request's body may be. A service declares one as a bean where some of its
 * endpoints take more than the default ({@code gridfaas.web.max-body-size}).
 */
@FunctionalInterface
public interface RequestBodyLimits {

	/** The most bytes this request's body may have. */
	long limitFor(HttpServletRequest request);

}
