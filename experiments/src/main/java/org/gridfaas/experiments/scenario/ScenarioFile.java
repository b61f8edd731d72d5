package org.gridfaas.experiments.scenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.type.LogicalType;
import tools.jackson.dataformat.yaml.YAMLMapper;

import org.gridfaas.experiments.scenario.Scenario.AccountShape;
import org.gridfaas.experiments.scenario.Scenario.Event;
import org.gridfaas.experiments.scenario.Scenario.Expectations;
import org.gridfaas.experiments.scenario.Scenario.FunctionShape;

/**
 * Reads a scenario file ({@code experiments/stress/*.yml}): Jackson binds it into a
 * {@link ScenarioDocument}, Bean Validation checks its fields, and what spans fields
 * (time order, the restriction floor) is checked here. Every mistake is reported with the
 * file and the field it is in, and an unknown field is a mistake (a typo would otherwise
 * silently change the experiment); nothing is coerced (a quoted number is not a number).
 */
public final class ScenarioFile {

	private static final YAMLMapper YAML = YAMLMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
		.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
		.withCoercionConfig(LogicalType.Textual,
				(config) -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
					.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
					.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
		.build();

	private static final ValidatorFactory VALIDATION = Validation.buildDefaultValidatorFactory();

	private static final List<String> ORDER = List.of("title", "description", "price", "account", "function", "length",
			"events", "expect");

	private static final String FIELDS = "title:, price:, account:, function:, length:, events:";

	private final Path file;

	private ScenarioFile(Path file) {
		this.file = file;
	}

	/** The scenario in {@code file}; its name is the file name without {@code .yml}. */
	public static Scenario load(Path file) {
		return new ScenarioFile(file).read();
	}

	/** The scenarios of a folder ({@code *.yml}), by name. */
	public static List<Scenario> loadAll(Path folder) {
		try (var files = Files.list(folder)) {
			List<Path> found = files.filter((path) -> path.getFileName().toString().endsWith(".yml")).sorted().toList();
			if (found.isEmpty()) {
				throw new ScenarioException(folder + ": no scenario files (*.yml) in this folder");
			}
			return found.stream().map(ScenarioFile::load).toList();
		}
		catch (IOException ex) {
			throw new ScenarioException(folder + ": cannot list scenario files: " + ex.getMessage());
		}
	}

	private Scenario read() {
		ScenarioDocument document = bind();
		Set<ConstraintViolation<ScenarioDocument>> violations = validator().validate(document);
		// The first mistake in the order the fields are written in.
		violations.stream()
			.min(Comparator
				.comparing((ConstraintViolation<ScenarioDocument> violation) -> ORDER
					.indexOf(violation.getPropertyPath().iterator().next().getName()))
				.thenComparing((violation) -> violation.getPropertyPath().toString()))
			.ifPresent((violation) -> {
				throw fail(place(violation), violation.getMessage());
			});
		ScenarioDocument.Function function = document.function();
		if (function.cpuMin() + 2 * function.cpuBoundary() > function.cpuMax()) {
			throw fail("function", "cpuMax must be at least cpuMin + 2 x cpuBoundary (the restriction floor)");
		}
		String name = this.file.getFileName().toString().replaceFirst("\\.yml$", "");
		ScenarioDocument.Account account = document.account();
		return new Scenario(name, document.title().strip(),
				(document.description() != null) ? document.description().strip() : "", document.price(),
				new AccountShape(account.policy(), account.minBalance(), account.maxDebt()),
				new FunctionShape(function.cpuMax(), function.cpuMin(), function.cpuBoundary(), function.idleTimeout()),
				document.length(), events(document.events(), document.length()), expectations(document.expect()));
	}

	private ScenarioDocument bind() {
		ScenarioDocument document;
		try {
			// The whole file is parsed first, so a syntax error is told as such.
			JsonNode tree = YAML.readTree(Files.readString(this.file));
			document = (tree == null || tree.isMissingNode()) ? null : YAML.treeToValue(tree, ScenarioDocument.class);
		}
		catch (IOException ex) {
			throw new ScenarioException(this.file + ": cannot read: " + ex.getMessage());
		}
		catch (StreamReadException ex) {
			throw new ScenarioException(this.file + ": not valid YAML: " + ex.getOriginalMessage());
		}
		catch (UnrecognizedPropertyException ex) {
			throw fail(path(ex), "unknown field; expected one of "
					+ ex.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList());
		}
		catch (MismatchedInputException ex) {
			String where = path(ex);
			if (where.isEmpty()) {
				throw fail("", "the file must be a YAML mapping (" + FIELDS + ")");
			}
			throw fail(where, expected(ex.getTargetType()));
		}
		catch (JacksonException ex) {
			throw fail(path(ex), ex.getOriginalMessage());
		}
		if (document == null) {
			throw fail("", "the file must be a YAML mapping (" + FIELDS + ")");
		}
		return document;
	}

	private static Validator validator() {
		return VALIDATION.getValidator();
	}

	private List<Event> events(List<ScenarioDocument.Event> written, long length) {
		List<Event> events = new ArrayList<>();
		long previous = 0;
		for (int i = 0; i < written.size(); i++) {
			String where = "events[" + i + "]";
			ScenarioDocument.Event event = written.get(i);
			if (event.at() < previous) {
				throw fail(where + ".at",
						"events must be in time order (" + event.at() + " comes after " + previous + ")");
			}
			if (event.at() >= length) {
				throw fail(where + ".at", event.at() + " is not before the scenario's length (" + length + ")");
			}
			previous = event.at();
			List<StressTask> tasks = tasks(event.tasks(), where + ".tasks");
			if (event.deposit() == null && tasks.isEmpty()) {
				throw fail(where, "does nothing: give it a deposit: or tasks:");
			}
			events.add(new Event(event.at(), event.deposit(), tasks));
		}
		return List.copyOf(events);
	}

	private List<StressTask> tasks(List<String> written, String where) {
		List<StressTask> tasks = new ArrayList<>();
		for (int i = 0; written != null && i < written.size(); i++) {
			try {
				tasks.add(StressTask.parse(written.get(i)));
			}
			catch (IllegalArgumentException ex) {
				throw fail(where + "[" + i + "]", ex.getMessage());
			}
		}
		return tasks;
	}

	private static Expectations expectations(ScenarioDocument.Expect expect) {
		return (expect == null) ? Expectations.NONE : new Expectations(expect.restricted(), expect.stoppedAtDebtLimit(),
				expect.succeeded(), expect.pending());
	}

	/** The field's place as the file's author reads it: {@code events[1].at}. */
	private static String path(JacksonException ex) {
		StringBuilder place = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				place.append(place.isEmpty() ? "" : ".").append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				place.append('[').append(reference.getIndex()).append(']');
			}
		}
		return place.toString();
	}

	/** A violation's place, without the {@code <list element>} of a constraint on one. */
	private static String place(ConstraintViolation<?> violation) {
		return violation.getPropertyPath().toString().replace(".<list element>", "");
	}

	private static String expected(Class<?> type) {
		if (type == null) {
			return "has the wrong type";
		}
		if (type == Long.class || type == Integer.class || type == long.class || type == int.class) {
			return ScenarioDocument.WHOLE;
		}
		if (Number.class.isAssignableFrom(type)) {
			return ScenarioDocument.NUMBER;
		}
		if (type == Boolean.class || type == boolean.class) {
			return "must be true or false";
		}
		if (type == String.class) {
			return ScenarioDocument.TEXT;
		}
		if (List.class.isAssignableFrom(type)) {
			return "must be a list";
		}
		return "must be a mapping";
	}

	private ScenarioException fail(String where, String problem) {
		return new ScenarioException(this.file + (where.isEmpty() ? "" : ": " + where) + ": " + problem);
	}

}
