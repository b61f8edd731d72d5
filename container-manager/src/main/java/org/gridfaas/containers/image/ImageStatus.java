package org.gridfaas.containers.image;

import java.time.Instant;

/**
 * A function's image as its bucket records it ({@code utils/image.json}), shared by every
 * node, and as the function API shows it.
 *
 * @param state where it stands
 * @param source {@code built} from {@code utils/function.def}, or {@code uploaded} as
 * {@code utils/<function>.sif}; {@code null} without an image
 * @param definitionEtag the version of the definition last built (or tried), so each
 * version is built once
 * @param rejectedEtag the version of an uploaded SIF found unusable, so it is not fetched
 * again
 * @param updatedAt when the state last changed
 * @param reason why the latest build or upload failed; {@code null} otherwise
 * @param buildSeconds how long the latest build took
 * @param buildCpuSeconds the CPU it used, billed to the owner
 */
public record ImageStatus(ImageState state, String source, String definitionEtag, String rejectedEtag,
		Instant updatedAt, String reason, Long buildSeconds, Double buildCpuSeconds) {

	/** A function that has no image and no definition. */
	public static ImageStatus none() {
		return new ImageStatus(ImageState.NONE, null, null, null, null, null, null, null);
	}

}
