package org.gridfaas.containers.function;

/**
 * Where a function keeps its parts in its bucket (the prototype's layout, plus
 * {@code utils/function.json} for the owner and settings).
 */
public final class FunctionLayout {

	/** The task script: {@code bash process_task.sh <task file> <output folder>}. */
	public static final String SCRIPT = "utils/process_task.sh";

	/** Owner and settings, written by the API. */
	public static final String DESCRIPTOR = "utils/function.json";

	/** Idle seconds, the prototype's way to set the idle timeout. */
	public static final String TIMEOUT = "utils/timeout.txt";

	/** The owner's user name, for functions made by hand. */
	public static final String OWNER = "utils/owner.txt";

	/** The Apptainer definition the image was built from. */
	public static final String DEFINITION = "utils/function.def";

	/** Read-only data every task may use. */
	public static final String STAGING = "staging/";

	private FunctionLayout() {
	}

}
