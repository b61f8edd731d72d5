package org.gridfaas.common.naming;

import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A running container (an Apptainer instance or a local cgroup): 1 to 63 characters of
 * lowercase letters, digits, '-', '_' and single dots, starting and ending with a letter
 * or digit. It becomes a cgroup directory and an instance name, so it never holds a path
 * separator.
 *
 * @param value the validated name
 */
public record ContainerName(String value) implements Comparable<ContainerName> {

	private static final Pattern PATTERN = Pattern.compile("[a-z0-9](?:[a-z0-9_.-]*[a-z0-9])?");

	public ContainerName {
		NameRules.check("container name", value, PATTERN, "lowercase letters, digits, '-', '_' and '.'");
	}

	/** Parses and validates; the factory Jackson and Spring MVC use. */
	@JsonCreator
	public static ContainerName of(String value) {
		return new ContainerName(value);
	}

	@JsonValue
	@Override
	public String value() {
		return this.value;
	}

	@Override
	public int compareTo(ContainerName other) {
		return this.value.compareTo(other.value);
	}

	@Override
	public String toString() {
		return this.value;
	}

}
