package org.gridfaas.containers.image;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.gridfaas.common.cpu.CpuShares;
import org.gridfaas.common.naming.FunctionName;
import org.gridfaas.common.naming.UserName;
import org.gridfaas.containers.cgroup.ResourceLimits;
import org.gridfaas.containers.runtime.NetworkAccess;

/**
 * Builds a function's image from its definition into a SIF file. What the definition runs
 * ({@code %post}) runs in the task sandbox, under the function's limits; what runs on the
 * host is the platform's own tools on the provider's inputs.
 */
public interface ImageBuilder {

	/**
	 * Builds the image; its output goes to the request's log.
	 * @return the CPU the build used, to bill its owner
	 * @throws ImageBuildException when it fails, outlives its timeout or grows past its
	 * size limit
	 */
	Duration build(BuildRequest request);

	/**
	 * What to build.
	 *
	 * @param function whose image it is
	 * @param owner who pays for the build and whose identity {@code %post} runs as
	 * @param definition the checked definition
	 * @param mirror the Debian mirror, for {@code Bootstrap: debootstrap}
	 * @param base the image {@code From:} names, verified, for
	 * {@code Bootstrap: localimage}
	 * @param staging the function's staging data on the host, {@code %files}'s sources
	 * @param folder a fresh folder the build may use, removed after it
	 * @param log where the build's output goes
	 * @param target where the SIF file goes
	 * @param cpu the CPU limit of the build
	 * @param limits its memory and process limits
	 * @param network the network {@code %post} gets, as the provider granted the function
	 * @param timeout how long the whole build may take
	 * @param maxBytes the most the image's root may hold
	 */
	record BuildRequest(FunctionName function, UserName owner, Definition definition, String mirror,
			Optional<Path> base, Path staging, Path folder, Path log, Path target, CpuShares cpu, ResourceLimits limits,
			NetworkAccess network, Duration timeout, long maxBytes) {
	}

	/** A build that did not make an image, with why in words for the owner. */
	class ImageBuildException extends RuntimeException {

		private Duration cpuUsed = Duration.ZERO;

		public ImageBuildException(String message) {
			super(message);
		}

		/** The same failure, with the CPU the build had used by then, to bill. */
		public ImageBuildException afterUsing(Duration cpu) {
			this.cpuUsed = cpu;
			return this;
		}

		public Duration cpuUsed() {
			return this.cpuUsed;
		}

	}

}
