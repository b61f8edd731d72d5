package org.gridfaas.common.naming;

import java.util.regex.Pattern;

import org.gridfaas.common.InvalidValueException;

/**
 * The checks every name shares. Names end up in object keys, cgroup paths and command
 * arguments, so the allowed alphabet is small on purpose: lowercase letters, digits and a
 * few separators, never a path separator, a dot-dot or a control character.
 */
final class NameRules {

	static final int MAX_LENGTH = 63;

	private NameRules() {
	}

	/**
	 * Checks the rules every name shares, then the given pattern.
	 * @param kind what is being named, for the message ("user name")
	 * @param value the candidate
	 * @param pattern the full-match pattern for this kind of name
	 * @param alphabet the allowed characters in words, for the message
	 * @return the value, unchanged
	 */
	static String check(String kind, String value, Pattern pattern, String alphabet) {
		if (value == null || value.isEmpty()) {
			throw new InvalidValueException(kind + " must not be empty");
		}
		if (value.length() > MAX_LENGTH) {
			throw new InvalidValueException(kind + " must be at most " + MAX_LENGTH + " characters");
		}
		if (value.chars().anyMatch(Character::isISOControl)) {
			throw new InvalidValueException(kind + " must not contain control characters");
		}
		if (value.indexOf('/') >= 0 || value.indexOf('\\') >= 0) {
			throw new InvalidValueException(kind + " must not contain '/' or '\\'");
		}
		if (value.contains("..")) {
			throw new InvalidValueException(kind + " must not contain '..'");
		}
		if (!pattern.matcher(value).matches()) {
			throw new InvalidValueException(
					kind + " may only contain " + alphabet + ", and must start and end with a letter or digit");
		}
		return value;
	}

}
