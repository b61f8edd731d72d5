package org.gridfaas.common.naming;

import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import org.gridfaas.common.InvalidValueException;

/**
 * A function, which is also the name of its bucket. It follows the S3 bucket naming rules
 * (3 to 63 characters of lowercase letters, digits and '-', starting and ending with a
 * letter or digit, none of the reserved prefixes and suffixes) and further excludes dots,
 * which S3 allows but which break virtual-hosted TLS addressing and invite '..'.
 *
 * @param value the validated name
 */
public record FunctionName(String value) implements Comparable<FunctionName> {

	private static final Pattern PATTERN = Pattern.compile("[a-z0-9][a-z0-9-]*[a-z0-9]");

	public FunctionName {
		NameRules.check("function name", value, PATTERN, "lowercase letters, digits and '-'");
		if (value.length() < 3) {
			throw new InvalidValueException("function name must be at least 3 characters (it names an S3 bucket)");
		}
		if (value.startsWith("xn--") || value.startsWith("sthree-")) {
			throw new InvalidValueException("function name must not start with 'xn--' or 'sthree-' (reserved by S3)");
		}
		if (value.endsWith("-s3alias") || value.endsWith("--ol-s3") || value.endsWith("--x-s3")) {
			throw new InvalidValueException("function name must not end with an S3-reserved suffix");
		}
	}

	/** Parses and validates; the factory Jackson and Spring MVC use. */
	@JsonCreator
	public static FunctionName of(String value) {
		return new FunctionName(value);
	}

	@JsonValue
	@Override
	public String value() {
		return this.value;
	}

	@Override
	public int compareTo(FunctionName other) {
		return this.value.compareTo(other.value);
	}

	@Override
	public String toString() {
		return this.value;
	}

}
