package org.gridfaas.containers.task;

import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import org.gridfaas.common.InvalidValueException;

/**
 * A task's name: the object's name under {@code input/}, and the name of the local file
 * the task script receives. It must be a plain file name, so no key can reach a local
 * path outside the task's folder: 1 to 160 characters of letters, digits, '.', '_' and
 * '-', not starting with a dot. 160 leaves room for everything derived from it (e.g.
 * {@code logs/out-task-<name>.txt.error}) within the 255 bytes a filesystem backend takes
 * per name, with the temporary names such backends write first.
 *
 * @param value the name, e.g. {@code 101.2-100.txt}
 */
public record TaskId(String value) implements Comparable<TaskId> {

	/** The longest task name. */
	public static final int MAX_LENGTH = 160;

	private static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0," + (MAX_LENGTH - 1) + "}");

	public TaskId {
		if (value == null || !PATTERN.matcher(value).matches() || value.contains("..")) {
			throw new InvalidValueException("task name must be 1 to " + MAX_LENGTH
					+ " characters of letters, digits, '.', '_' and '-'," + " not starting with '.' and without '..'");
		}
	}

	@JsonCreator
	public static TaskId of(String value) {
		return new TaskId(value);
	}

	@JsonValue
	@Override
	public String value() {
		return this.value;
	}

	@Override
	public int compareTo(TaskId other) {
		return this.value.compareTo(other.value);
	}

	@Override
	public String toString() {
		return this.value;
	}

}
