package org.gridfaas.common.security;

/**
 * The admin token, for operators and for calls from one service to the other. It prints
 * as {@code [PROTECTED]}, so it cannot reach a log by accident.
 */
public final class AdminToken {

	private final String value;

	AdminToken(String value) {
		this.value = value;
	}

	/** The secret itself, for an {@code Authorization} header and nothing else. */
	public String value() {
		return this.value;
	}

	@Override
	public String toString() {
		return "AdminToken[PROTECTED]";
	}

}
