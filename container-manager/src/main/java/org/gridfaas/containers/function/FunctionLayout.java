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

	/**
	 * The state of the function's image: {@code none}, {@code building}, {@code ready},
	 * {@code failed}.
	 */
	public static final String IMAGE_STATUS = "utils/image.json";

	/** The output of the latest image build. */
	public static final String BUILD_LOG = "logs/build.txt";

	/** Read-only data every task may use. */
	public static final String STAGING = "staging/";

	private FunctionLayout() {
	}

	/**
	 * The function's image, {@code utils/<function>.sif}: uploaded by its owner, or built
	 * from {@link #DEFINITION}.
	 */
	public static String image(org.gridfaas.common.naming.FunctionName function) {
		return "utils/" + function.value() + ".sif";
	}

}
