package org.gridfaas.common.web;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.gridfaas.common.InvalidValueException;
import org.gridfaas.common.StateConflictException;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every error into RFC 9457 problem+json, in one place for both services. Bad input
 * becomes 400 with {@code invalid-params} naming each rejected field;
 * {@link ApiException}s carry their own status; Spring MVC's own errors keep Spring's
 * statuses.
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

	@ExceptionHandler
	ResponseEntity<ProblemDetail> handleApiException(ApiException ex) {
		return ResponseEntity.status(ex.status()).body(Problems.of(ex.status(), ex.type(), ex.getMessage()));
	}

	/**
	 * A capability's own conflict: a reused key, a task that exists, too low a balance.
	 */
	@ExceptionHandler
	ResponseEntity<ProblemDetail> handleStateConflict(StateConflictException ex) {
		return ResponseEntity.status(HttpStatus.CONFLICT)
			.body(Problems.of(HttpStatus.CONFLICT, ProblemType.CONFLICT, ex.getMessage()));
	}

	/**
	 * A value object rejected input that no field binding caught (e.g. built in a
	 * service).
	 */
	@ExceptionHandler
	ResponseEntity<ProblemDetail> handleInvalidValue(InvalidValueException ex) {
		return ResponseEntity.badRequest()
			.body(Problems.invalid(List.of(new InvalidParam("request", ex.getMessage()))));
	}

	/**
	 * A {@code @Validated} controller's parameter out of its range, e.g. {@code limit=0}.
	 */
	@ExceptionHandler
	ResponseEntity<ProblemDetail> handleConstraintViolation(ConstraintViolationException ex) {
		List<InvalidParam> params = ex.getConstraintViolations()
			.stream()
			.map((violation) -> new InvalidParam(lastNode(violation.getPropertyPath().toString()),
					violation.getMessage()))
			.sorted(java.util.Comparator.comparing(InvalidParam::name))
			.toList();
		return ResponseEntity.badRequest().body(Problems.invalid(params));
	}

	/** {@code usage.after} names the parameter {@code after}. */
	private static String lastNode(String path) {
		return path.substring(path.lastIndexOf('.') + 1);
	}

	/**
	 * Anything else is the service's fault: 500 problem+json, logged here with its cause,
	 * and nothing of it shown to the client.
	 */
	@ExceptionHandler
	ResponseEntity<ProblemDetail> handleUnexpected(RuntimeException ex) {
		log.error("Request failed unexpectedly", ex);
		return ResponseEntity.internalServerError()
			.body(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, ProblemType.INTERNAL,
					"The request failed on the server; it has been logged"));
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		String field = findCause(ex, JacksonException.class).map(ApiExceptionHandler::jsonPath)
			.filter((path) -> !path.isEmpty())
			.orElse("body");
		Optional<BodyTooLargeException> tooLarge = findCause(ex, BodyTooLargeException.class);
		if (tooLarge.isPresent()) {
			return ResponseEntity.status(tooLarge.get().status())
				.body(Problems.of(tooLarge.get().status(), tooLarge.get().type(), tooLarge.get().getMessage()));
		}
		String reason = findCause(ex, InvalidValueException.class).map(Throwable::getMessage)
			.or(() -> findCause(ex, UnrecognizedPropertyException.class)
				.map((unknown) -> "is not a field of this request"))
			.or(() -> findCause(ex, StreamReadException.class)
				.filter((read) -> read.getOriginalMessage().startsWith("Duplicate"))
				.map((duplicate) -> "is given twice"))
			.or(() -> findCause(ex, MismatchedInputException.class)
				.filter((mismatch) -> mismatch.getOriginalMessage().contains("coercion"))
				.map((coercion) -> "must be a JSON " + jsonKind(coercion.getTargetType())))
			.orElse("is not valid JSON for this field");
		return badRequest(List.of(new InvalidParam(field, reason)));
	}

	/** What kind of JSON value a Java type is written as. */
	private static String jsonKind(Class<?> type) {
		if (type == null) {
			return "value of another kind";
		}
		if (type == Boolean.class || type == boolean.class) {
			return "boolean";
		}
		return "number";
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<InvalidParam> params = new ArrayList<>();
		for (FieldError error : ex.getBindingResult().getFieldErrors()) {
			params.add(new InvalidParam(error.getField(), reasonOf(error)));
		}
		ex.getBindingResult()
			.getGlobalErrors()
			.forEach((error) -> params.add(new InvalidParam(error.getObjectName(), reasonOf(error))));
		return badRequest(params);
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<InvalidParam> params = ex.getParameterValidationResults()
			.stream()
			.flatMap((result) -> result.getResolvableErrors()
				.stream()
				.map((error) -> new InvalidParam(result.getMethodParameter().getParameterName(), reasonOf(error))))
			.collect(Collectors.toList());
		return badRequest(params);
	}

	/**
	 * A path variable or query parameter that does not convert, e.g.
	 * {@code /accounts/Bad..Name}.
	 */
	@Override
	protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String name = (ex instanceof MethodArgumentTypeMismatchException mismatch) ? mismatch.getName()
				: Optional.ofNullable(ex.getPropertyName()).orElse("parameter");
		String reason = findCause(ex, InvalidValueException.class).map(Throwable::getMessage)
			.orElse("is not a valid "
					+ Optional.ofNullable(ex.getRequiredType()).map(Class::getSimpleName).orElse("value"));
		return badRequest(List.of(new InvalidParam(name, reason)));
	}

	private ResponseEntity<Object> badRequest(List<InvalidParam> params) {
		log.debug("Rejected input: {}", params);
		return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(Problems.invalid(params));
	}

	private static String reasonOf(MessageSourceResolvable error) {
		return Optional.ofNullable(error.getDefaultMessage()).orElse("is invalid");
	}

	/**
	 * The JSON path of a Jackson error, e.g. {@code policy.maxDebt} or
	 * {@code items[2].name}. A syntax error (a bare {@code NaN}) has no binding path, so
	 * the parser's position names the field instead.
	 */
	private static String jsonPath(JacksonException ex) {
		if (ex.getPath().isEmpty() && ex instanceof StreamReadException syntax && syntax.processor() != null) {
			return parserPosition(syntax.processor().streamReadContext());
		}
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

	private static String parserPosition(TokenStreamContext context) {
		Deque<String> names = new ArrayDeque<>();
		for (TokenStreamContext at = context; at != null && !at.inRoot(); at = at.getParent()) {
			if (at.inArray()) {
				names.push("[" + at.getCurrentIndex() + "]");
			}
			else if (at.currentName() != null) {
				names.push((names.isEmpty() || names.peek().startsWith("[") ? "" : ".") + at.currentName());
			}
		}
		String path = String.join("", names);
		return path.startsWith(".") ? path.substring(1) : path;
	}

	private static <T extends Throwable> Optional<T> findCause(Throwable ex, Class<T> type) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return Optional.of(type.cast(cause));
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return Optional.empty();
	}

}
