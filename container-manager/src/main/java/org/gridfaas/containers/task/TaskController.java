package org.gridfaas.containers.task;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.gridfaas.common.naming.FunctionName;
import org.gridfaas.common.security.ApiPrincipal;
import org.gridfaas.common.web.InvalidParam;
import org.gridfaas.common.web.NotFoundException;
import org.gridfaas.common.web.Problems;
import org.gridfaas.common.web.UnsupportedMediaTypeException;
import org.gridfaas.containers.function.FunctionAccess;
import org.gridfaas.containers.image.FunctionImages;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
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

	private final FunctionImages images;

	TaskController(TaskStore tasks, FunctionAccess access, TaskDispatcher dispatcher, Clock clock,
			FunctionImages images) {
		this.images = images;
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
			HttpServletRequest request, @AuthenticationPrincipal ApiPrincipal caller) throws IOException {
		this.access.require(function, caller, this.dispatcher.known(function));
		refuseForms(request.getContentType());
		TaskId id = (name != null) ? name
				: TaskId.of(STAMP.format(this.clock.instant()) + "-" + UUID.randomUUID().toString().substring(0, 8));
		TaskView submitted;
		long size = request.getContentLengthLong();
		if (size >= 0) {
			// Streamed to the store as it arrives; the body filter holds it to its limit.
			submitted = this.tasks.submit(function, id, request.getInputStream(), size, this.clock.instant());
		}
		else {
			// A chunked body has no length to stream with: spooled to disk, never to
			// the heap.
			Path spool = Files.createTempFile("gridfaas-task-", ".body");
			try {
				Files.copy(request.getInputStream(), spool, StandardCopyOption.REPLACE_EXISTING);
				size = Files.size(spool);
				try (InputStream body = Files.newInputStream(spool)) {
					submitted = this.tasks.submit(function, id, body, size, this.clock.instant());
				}
			}
			finally {
				Files.deleteIfExists(spool);
			}
		}
		this.dispatcher.submitted(function, id, size);
		return ResponseEntity.created(URI.create("/api/v1/functions/" + function + "/tasks/" + id)).body(submitted);
	}

	/**
	 * The function's tasks in one state ({@code pending}, {@code running},
	 * {@code succeeded}, {@code failed}), or all.
	 */
	@GetMapping
	ResponseEntity<?> list(@PathVariable FunctionName function, @RequestParam(required = false) String state,
			@AuthenticationPrincipal ApiPrincipal caller) {
		this.access.require(function, caller, this.dispatcher.known(function));
		Optional<String> why = this.images.waitReason(function);
		if (state == null) {
			return ResponseEntity.ok(List.of(TaskState.values())
				.stream()
				.flatMap((each) -> this.tasks.list(function, each).stream())
				.map((view) -> view.waitingBecause(why))
				.toList());
		}
		return TaskState.parse(state)
			.<ResponseEntity<?>>map((parsed) -> ResponseEntity
				.ok(this.tasks.list(function, parsed).stream().map((view) -> view.waitingBecause(why)).toList()))
			.orElseGet(() -> {
				ProblemDetail problem = Problems
					.invalid(List.of(new InvalidParam("state", "must be one of pending, running, succeeded, failed")));
				return ResponseEntity.badRequest().body(problem);
			});
	}

	/**
	 * A form body is parsed into parameters by the server, so its bytes never reach the
	 * task: refused, with how to send a file as it is.
	 */
	private static void refuseForms(String contentType) {
		if (contentType == null) {
			return;
		}
		String type = contentType.toLowerCase(java.util.Locale.ROOT);
		if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/")) {
			throw new UnsupportedMediaTypeException("A task body is the task file as it is, not a form: send it as "
					+ "application/octet-stream (curl --data-binary @file -H 'Content-Type: application/octet-stream')");
		}
	}

	@GetMapping("/{task}")
	TaskView get(@PathVariable FunctionName function, @PathVariable TaskId task,
			@AuthenticationPrincipal ApiPrincipal caller) {
		this.access.require(function, caller, this.dispatcher.known(function));
		return NotFoundException.throwIfNotFound(this.tasks.find(function, task), "No task " + task + " in " + function)
			.waitingBecause(this.images.waitReason(function));
	}

}
