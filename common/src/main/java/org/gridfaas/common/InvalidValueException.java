package org.gridfaas.common;

/**
 * A value failed its own validation: a name that cannot be a bucket, money with too many
 * decimals. The message says what is wrong without echoing the raw input, which may hold
 * control characters or secrets. The web layer reports it as 400 problem+json naming the
 * field the value came from.
 */
public class InvalidValueException extends IllegalArgumentException {

	public InvalidValueException(String reason) {
		super(reason);
	}

}
