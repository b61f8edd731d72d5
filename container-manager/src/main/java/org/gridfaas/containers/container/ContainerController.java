package org.gridfaas.containers.container;

import java.math.BigDecimal;
import java.util.List;

import org.gridfaas.common.api.ContainerRestriction;
import org.gridfaas.common.api.ContainerStop;
import org.gridfaas.common.api.ContainerView;
import org.gridfaas.common.api.StoppedContainer;
import org.gridfaas.common.cpu.CpuShares;
import org.gridfaas.common.naming.ContainerName;
import org.gridfaas.common.web.NotFoundException;
import org.gridfaas.containers.function.FunctionLimits;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Running containers, and the enforcement calls CreditManager makes on them (admin only):
 * pin a container's CPU at its floor while its owner is in debt, lift that, or stop it
 * with its running tasks put back to {@code input/}.
 */
@RestController
@RequestMapping("/api/v1/containers")
class ContainerController {

	private final ContainerPool pool;

	private final FunctionLimits limits;

	ContainerController(ContainerPool pool, FunctionLimits limits) {
		this.limits = limits;
		this.pool = pool;
	}

	@GetMapping
	List<ContainerView> list() {
		List<ContainerView> views = new java.util.ArrayList<>();
		for (ManagedContainer container : this.pool.all()) {
			try {
				views.add(view(container));
			}
			catch (java.io.UncheckedIOException ex) {
				// Stopped between the listing and the reading: its cgroup is gone, and so
				// is
				// it.
				if (this.pool.find(container.name()).filter((found) -> found == container).isPresent()
						&& container.runtime().isRunning()) {
					throw ex;
				}
			}
		}
		return views;
	}

	/**
	 * The instances stopped since this ContainerManager started, newest first, each with
	 * its final CPU reading and why it stopped.
	 */
	@GetMapping("/stopped")
	List<StoppedContainer> stopped() {
		return this.pool.stopped();
	}

	/**
	 * Pins the container's CPU at the provider's restricted CPU
	 * ({@code gridfaas.functions.limits.restricted-cpu}); idempotent.
	 */
	@PutMapping("/{name}/restriction")
	ContainerRestriction restrict(@PathVariable ContainerName name) {
		ManagedContainer container = require(name);
		this.pool.setRestricted(container, true);
		CpuShares floor = this.limits.restrictedCpu(container.settings());
		container.runtime().setCpuLimit(floor);
		return new ContainerRestriction(name, true, limitOf(container));
	}

	/**
	 * Lifts the restriction; scaling resumes from the floor at the next window.
	 * Idempotent.
	 */
	@DeleteMapping("/{name}/restriction")
	ContainerRestriction lift(@PathVariable ContainerName name) {
		ManagedContainer container = require(name);
		this.pool.setRestricted(container, false);
		return new ContainerRestriction(name, false, limitOf(container));
	}

	/**
	 * Stops the container; its running tasks go back to {@code input/} unless
	 * {@code requeue=false}. The caller's {@code reason} goes to the log and the stopped
	 * list.
	 */
	@PostMapping("/{name}/stop")
	ContainerStop stop(@PathVariable ContainerName name, @RequestParam(defaultValue = "true") boolean requeue,
			@RequestParam(required = false) String reason) {
		String why = "stopped through the API" + ((reason == null || reason.isBlank()) ? "" : ": " + printable(reason));
		return this.pool.find(name)
			.map((container) -> new ContainerStop(name, true, this.pool.stop(container, requeue, why)))
			.orElseGet(() -> new ContainerStop(name, false, List.of()));
	}

	/** A reason fit for a log line: no control characters, at most 200 characters. */
	private static String printable(String reason) {
		String clean = reason.replaceAll("\\p{Cntrl}", " ").strip();
		return (clean.length() > 200) ? clean.substring(0, 200) + "..." : clean;
	}

	private ManagedContainer require(ContainerName name) {
		return NotFoundException.throwIfNotFound(this.pool.find(name), "No running container " + name);
	}

	private CpuShares limitOf(ManagedContainer container) {
		return container.runtime().cpuLimit().orElse(container.settings().cpuMax());
	}

	private ContainerView view(ManagedContainer container) {
		return new ContainerView(container.name(), container.function().value(), container.owner().value(),
				container.instance(), container.startedAt(), container.runningTasks(), container.restricted(),
				limitOf(container), BigDecimal.valueOf(container.runtime().cpuUsage().toNanos(), 9));
	}

}
