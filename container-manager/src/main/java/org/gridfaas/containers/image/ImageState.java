package org.gridfaas.containers.image;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Where a function's image stands. */
public enum ImageState {

	/** No image: tasks run on the host's system folders. */
	NONE,

	/** Its definition is being built; tasks wait. */
	BUILDING,

	/** An image is in place; tasks run in it. */
	READY,

	/** The latest build or upload failed; the previous image, if any, stays. */
	FAILED;

	@JsonValue
	public String json() {
		return name().toLowerCase(Locale.ROOT);
	}

	@JsonCreator
	public static ImageState of(String value) {
		return valueOf(value.toUpperCase(Locale.ROOT));
	}

}
