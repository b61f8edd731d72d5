package org.gridfaas.common.web;

import java.net.URI;

/**
 * The kinds of problem both services report (RFC 9457 {@code type}). They are URNs rather
 * than URLs because there is no page to dereference; the {@code title} says it in words.
 */
public enum ProblemType {

	INVALID_INPUT("invalid-input", "Invalid input"),

	UNAUTHENTICATED("unauthenticated", "Authentication required"),

	FORBIDDEN("forbidden", "Forbidden"),

	NOT_FOUND("not-found", "Not found"),

	CONFLICT("conflict", "Conflict"),

	UNAVAILABLE("unavailable", "Service unavailable"),

	/** The service failed; the cause is in its log. */
	INTERNAL("internal", "Internal error"),

	/** The request body is over the size limit. */
	TOO_LARGE("too-large", "Request body too large"),

	/** The request body's media type is not one the endpoint reads. */
	UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type");

	private final URI uri;

	private final String title;

	ProblemType(String slug, String title) {
		this.uri = URI.create("urn:gridfaas:problem:" + slug);
		this.title = title;
	}

	public URI uri() {
		return this.uri;
	}

	public String title() {
		return this.title;
	}

}
