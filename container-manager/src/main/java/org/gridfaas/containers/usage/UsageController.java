package org.gridfaas.containers.usage;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.gridfaas.common.api.UsagePage;
import org.gridfaas.containers.container.ContainerPool;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/usage?after={cursor}&log={log}}: CreditManager's view of CPU use. A
 * fresh reading of every running container is taken first, so the page ends at the
 * present. A cursor belongs to the log named in the page; given another log's, the reader
 * is served this log from its start.
 */
@RestController
@Validated
class UsageController {

	private final UsageLog usage;

	private final ContainerPool pool;

	UsageController(UsageLog usage, ContainerPool pool) {
		this.usage = usage;
		this.pool = pool;
	}

	@GetMapping("/api/v1/usage")
	UsagePage usage(@RequestParam(defaultValue = "0") @Min(0) long after, @RequestParam(required = false) String log,
			@RequestParam(defaultValue = "1000") @Min(1) @Max(10000) int limit) {
		this.pool.recordUsage();
		return this.usage.after(after, (log != null) ? log : this.usage.id(), limit);
	}

}
