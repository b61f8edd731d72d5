package org.gridfaas.containers.runtime.apptainer;

import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.gridfaas.containers.runtime.RuntimeFailure;

/** Parses {@code apptainer instance list --json}. */
final class InstanceList {

	private static final JsonMapper json = JsonMapper.builder().build();

	private InstanceList() {
	}

	/**
	 * One running instance.
	 *
	 * @param name the instance name
	 * @param pid the PID of its init process, which sits in its cgroup
	 * @param image the image it runs
	 */
	record Instance(String name, long pid, String image) {
	}

	/** The instances in the command's output, e.g. {@code {"instances": [...]}}. */
	static List<Instance> parse(String output) {
		try {
			JsonNode instances = json.readTree(output).get("instances");
			if (instances == null || !instances.isArray()) {
				throw new RuntimeFailure("apptainer instance list printed no 'instances' array");
			}
			return instances.valueStream()
				.map((node) -> new Instance(node.get("instance").asString(), node.get("pid").asLong(),
						node.has("img") ? node.get("img").asString() : ""))
				.toList();
		}
		catch (JacksonException | NullPointerException ex) {
			throw new RuntimeFailure("Cannot parse apptainer instance list output: " + ex.getMessage(), ex);
		}
	}

}
