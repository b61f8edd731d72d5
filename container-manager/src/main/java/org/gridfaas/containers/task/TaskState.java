package org.gridfaas.containers.task;

import java.util.Arrays;
import java.util.Optional;

/** Where a task is in its life, which is the folder of the bucket its object sits in. */
public enum TaskState {

	/** Waiting in {@code input/}. */
	PENDING("input/"),

	/** Claimed and running, in {@code processing/}. */
	RUNNING("processing/"),

	/** Finished with exit code 0, in {@code output/}. */
	SUCCEEDED("output/"),

	/** Failed on every allowed attempt (or could never run), in {@code failed/}. */
	FAILED("failed/");

	private final String prefix;

	TaskState(String prefix) {
		this.prefix = prefix;
	}

	/** The folder, with its trailing slash. */
	public String prefix() {
		return this.prefix;
	}

	/** The key of a task's object in this state. */
	public String key(TaskId id) {
		return this.prefix + id.value();
	}

	/** Whether a task in this state is done with: it never runs again. */
	public boolean finished() {
		return this == SUCCEEDED || this == FAILED;
	}

	/** Parses an API query value such as {@code pending}, case-insensitively. */
	public static Optional<TaskState> parse(String text) {
		return Arrays.stream(values()).filter((state) -> state.name().equalsIgnoreCase(text)).findFirst();
	}

}
