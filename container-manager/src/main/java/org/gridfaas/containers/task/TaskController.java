package org.gridfaas.containers.task;

import java.net.URI;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.gridfaas.common.naming.FunctionName;
import org.gridfaas.common.security.ApiPrincipal;
import org.gridfaas.common.web.InvalidParam;
import org.gridfaas.common.web.NotFoundException;
import org.gridfaas.common.web.Problems;
import org.gridfaas.containers.function.FunctionAccess;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tasks of a function: {@code /api/v1/functions/{function}/tasks}. Submitting through the
 * API is the same as putting an object under {@code input/}, except that the task is
 * dispatched at once rather than at the next poll.
 */
@RestController
@RequestMapping("/api/v1/functions/{function}/tasks")
class TaskController {

	private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS")
		.withZone(ZoneOffset.UTC);

	private final TaskStore tasks;

	private final FunctionAccess access;

	private final TaskDispatcher dispatcher;

	private final Clock clock;

	TaskController(TaskStore tasks, FunctionAccess access, TaskDispatcher dispatcher, Clock clock) {
		this.tasks = tasks;
		this.access = access;
		this.dispatcher = dispatcher;
		this.clock = clock;
	}

	/**
	 * Submits a task: the body is the task file. Without {@code name}, the task is named
	 * by its arrival time, so tasks run in the order they were submitted.
	 */
	@PostMapping
	ResponseEntity<TaskView> submit(@PathVariable FunctionName function, @RequestParam(required = false) TaskId name,
			@RequestBody(required = false) byte[] body, @AuthenticationPrincipal ApiPrincipal caller) {
		this.access.require(function, caller);
		TaskId id = (name != null) ? name
				: TaskId.of(STAMP.format(this.clock.instant()) + "-" + UUID.randomUUID().toString().substring(0, 8));
		TaskView submitted = this.tasks.submit(function, id, (body != null) ? body : new byte[0], this.clock.instant());
		this.dispatcher.wake();
		return ResponseEntity.created(URI.create("/api/v1/functions/" + function + "/tasks/" + id)).body(submitted);
	}

	/**
	 * The function's tasks in one state ({@code pending}, {@code running},
	 * {@code succeeded}, {@code failed}), or all.
	 */
	@GetMapping
	ResponseEntity<?> list(@PathVariable FunctionName function, @RequestParam(required = false) String state,
			@AuthenticationPrincipal ApiPrincipal caller) {
		this.access.require(function, caller);
		if (state == null) {
			return ResponseEntity.ok(List.of(TaskState.values())
				.stream()
				.flatMap((each) -> this.tasks.list(function, each).stream())
				.toList());
		}
		return TaskState.parse(state)
			.<ResponseEntity<?>>map((parsed) -> ResponseEntity.ok(this.tasks.list(function, parsed)))
			.orElseGet(() -> {
				ProblemDetail problem = Problems
					.invalid(List.of(new InvalidParam("state", "must be one of pending, running, succeeded, failed")));
				return ResponseEntity.badRequest().body(problem);
			});
	}

	@GetMapping("/{task}")
	TaskView get(@PathVariable FunctionName function, @PathVariable TaskId task,
			@AuthenticationPrincipal ApiPrincipal caller) {
		this.access.require(function, caller);
		return NotFoundException.throwIfNotFound(this.tasks.find(function, task),
				"No task " + task + " in " + function);
	}

}
