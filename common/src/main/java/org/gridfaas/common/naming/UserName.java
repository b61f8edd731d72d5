package org.gridfaas.common.naming;

import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A user (account owner) of the platform: 1 to 63 characters of lowercase letters,
 * digits, '-' and '_', starting and ending with a letter or digit.
 *
 * @param value the validated name
 */
public record UserName(String value) implements Comparable<UserName> {

	private static final Pattern PATTERN = Pattern.compile("[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?");

	public UserName {
		NameRules.check("user name", value, PATTERN, "lowercase letters, digits, '-' and '_'");
	}

	/** Parses and validates; the factory Jackson and Spring MVC use. */
	@JsonCreator
	public static UserName of(String value) {
		return new UserName(value);
	}

	@JsonValue
	@Override
	public String value() {
		return this.value;
	}

	@Override
	public int compareTo(UserName other) {
		return this.value.compareTo(other.value);
	}

	@Override
	public String toString() {
		return this.value;
	}

}
