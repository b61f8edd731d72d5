package org.gridfaas.containers.usage;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.gridfaas.common.StateConflictException;
import org.gridfaas.common.api.UsageAcknowledgement;
import org.gridfaas.common.api.UsagePage;
import org.gridfaas.containers.container.ContainerPool;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/usage?after={cursor}&log={log}}: CreditManager's view of CPU use. A
 * fresh reading of every running container is taken first, so the page ends at the
 * present. A cursor belongs to the log named in the page; given another log's, the reader
 * is served this log from its start. Reading drops nothing: once CreditManager has stored
 * a page it says so with {@code PUT /api/v1/usage/acknowledged}, and only then may the
 * log forget those readings.
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
		return this.usage.page(after, (log != null) ? log : this.usage.id(), limit);
	}

	@PutMapping("/api/v1/usage/acknowledged")
	UsageAcknowledgement acknowledge(@Valid @RequestBody UsageAcknowledgement acknowledgement) {
		if (!this.usage.acknowledge(acknowledgement.log(), acknowledgement.cursor())) {
			throw new StateConflictException("Nothing acknowledged: cursor " + acknowledgement.cursor()
					+ " is not one this ContainerManager's usage log " + this.usage.id() + " handed out");
		}
		return acknowledgement;
	}

}
