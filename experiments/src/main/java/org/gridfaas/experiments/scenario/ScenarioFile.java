package org.gridfaas.experiments.scenario;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import org.gridfaas.experiments.scenario.Scenario.AccountShape;
import org.gridfaas.experiments.scenario.Scenario.Event;
import org.gridfaas.experiments.scenario.Scenario.Expectations;
import org.gridfaas.experiments.scenario.Scenario.FunctionShape;

/**
 * Reads a scenario file ({@code experiments/stress/*.yml}). Every mistake is reported
 * with the file and the field it is in, and an unknown field is a mistake (a typo would
 * otherwise silently change the experiment).
 */
public final class ScenarioFile {

	private static final YAMLMapper YAML = YAMLMapper.builder().build();

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
		JsonNode root;
		try {
			root = YAML.readTree(Files.readString(this.file));
		}
		catch (IOException ex) {
			throw new ScenarioException(this.file + ": cannot read: " + ex.getMessage());
		}
		catch (JacksonException ex) {
			throw new ScenarioException(this.file + ": not valid YAML: " + ex.getOriginalMessage());
		}
		if (root == null || !root.isObject()) {
			throw fail("", "the file must be a YAML mapping (title:, price:, account:, function:, length:, events:)");
		}
		only(root, "", Set.of("title", "description", "price", "account", "function", "length", "events", "expect"));
		String name = this.file.getFileName().toString().replaceFirst("\\.yml$", "");
		BigDecimal price = decimal(root, "price");
		if (price.signum() <= 0) {
			throw fail("price", "must be greater than 0 (CPU-seconds one GRC buys)");
		}
		long length = whole(root, "length", 1);
		List<Event> events = events(required(root, "events"), length);
		return new Scenario(name, text(root, "title"), optionalText(root, "description"), price,
				account(required(root, "account")), function(required(root, "function")), length, events,
				expectations(root.get("expect")));
	}

	private AccountShape account(JsonNode node) {
		only(node, "account", Set.of("policy", "minBalance", "maxDebt"));
		String policy = text(node, "policy", "account.policy");
		if (!Set.of("GREEDY", "CONSERVATIVE").contains(policy)) {
			throw fail("account.policy", "must be GREEDY or CONSERVATIVE, not '" + policy + "'");
		}
		BigDecimal minBalance = decimal(node, "minBalance", "account.minBalance");
		BigDecimal maxDebt = decimal(node, "maxDebt", "account.maxDebt");
		if (minBalance.signum() < 0) {
			throw fail("account.minBalance", "must not be negative");
		}
		if (maxDebt.signum() > 0) {
			throw fail("account.maxDebt", "must not be positive (it is a debt: -0.5 allows half a GRC)");
		}
		return new AccountShape(policy, minBalance, maxDebt);
	}

	private FunctionShape function(JsonNode node) {
		only(node, "function", Set.of("cpuMax", "cpuMin", "cpuBoundary", "idleTimeout"));
		int max = (int) whole(node, "cpuMax", "function.cpuMax", 1);
		int min = (int) whole(node, "cpuMin", "function.cpuMin", 0);
		int boundary = (int) whole(node, "cpuBoundary", "function.cpuBoundary", 1);
		if (min + 2 * boundary > max) {
			throw fail("function", "cpuMax must be at least cpuMin + 2 x cpuBoundary (the restriction floor)");
		}
		return new FunctionShape(max, min, boundary, whole(node, "idleTimeout", "function.idleTimeout", 1));
	}

	private List<Event> events(JsonNode node, long length) {
		if (!node.isArray() || node.isEmpty()) {
			throw fail("events", "must be a list of {at:, deposit:, tasks:}");
		}
		List<Event> events = new ArrayList<>();
		long previous = 0;
		for (int i = 0; i < node.size(); i++) {
			String where = "events[" + i + "]";
			JsonNode event = node.get(i);
			if (!event.isObject()) {
				throw fail(where, "must be a mapping with at: and deposit: or tasks:");
			}
			only(event, where, Set.of("at", "deposit", "tasks"));
			long at = whole(event, "at", where + ".at", 0);
			if (at < previous) {
				throw fail(where + ".at", "events must be in time order (" + at + " comes after " + previous + ")");
			}
			if (at >= length) {
				throw fail(where + ".at", at + " is not before the scenario's length (" + length + ")");
			}
			previous = at;
			BigDecimal deposit = event.has("deposit") ? decimal(event, "deposit", where + ".deposit") : null;
			if (deposit != null && deposit.signum() <= 0) {
				throw fail(where + ".deposit", "must be greater than 0");
			}
			List<StressTask> tasks = tasks(event.get("tasks"), where + ".tasks");
			if (deposit == null && tasks.isEmpty()) {
				throw fail(where, "does nothing: give it a deposit: or tasks:");
			}
			events.add(new Event(at, deposit, tasks));
		}
		return List.copyOf(events);
	}

	private List<StressTask> tasks(JsonNode node, String where) {
		if (node == null) {
			return List.of();
		}
		if (!node.isArray()) {
			throw fail(where, "must be a list of <cores>-<seconds>, e.g. [1-100, 2-50]");
		}
		List<StressTask> tasks = new ArrayList<>();
		for (int i = 0; i < node.size(); i++) {
			try {
				tasks.add(StressTask.parse(node.get(i).asString()));
			}
			catch (IllegalArgumentException ex) {
				throw fail(where + "[" + i + "]", ex.getMessage());
			}
		}
		return tasks;
	}

	private Expectations expectations(JsonNode node) {
		if (node == null) {
			return Expectations.NONE;
		}
		only(node, "expect", Set.of("restricted", "stoppedAtDebtLimit", "succeeded", "pending"));
		return new Expectations(bool(node, "restricted"), bool(node, "stoppedAtDebtLimit"), count(node, "succeeded"),
				count(node, "pending"));
	}

	private Boolean bool(JsonNode node, String field) {
		JsonNode value = node.get(field);
		if (value == null) {
			return null;
		}
		if (!value.isBoolean()) {
			throw fail("expect." + field, "must be true or false");
		}
		return value.asBoolean();
	}

	private Integer count(JsonNode node, String field) {
		return node.has(field) ? (int) whole(node, field, "expect." + field, 0) : null;
	}

	private void only(JsonNode node, String where, Set<String> allowed) {
		if (!node.isObject()) {
			throw fail(where, "must be a mapping");
		}
		for (Iterator<String> names = node.propertyNames().iterator(); names.hasNext();) {
			String name = names.next();
			if (!allowed.contains(name)) {
				throw fail(where.isEmpty() ? name : where + "." + name,
						"unknown field; expected one of " + allowed.stream().sorted().toList());
			}
		}
	}

	private JsonNode required(JsonNode node, String field) {
		JsonNode value = node.get(field);
		if (value == null || value.isNull()) {
			throw fail(field, "is missing");
		}
		return value;
	}

	private String text(JsonNode node, String field) {
		return text(node, field, field);
	}

	private String text(JsonNode node, String field, String where) {
		JsonNode value = node.get(field);
		if (value == null || !value.isString() || value.asString().isBlank()) {
			throw fail(where, "must be a non-empty text");
		}
		return value.asString().strip();
	}

	private String optionalText(JsonNode node, String field) {
		return node.has(field) ? text(node, field) : "";
	}

	private BigDecimal decimal(JsonNode node, String field) {
		return decimal(node, field, field);
	}

	private BigDecimal decimal(JsonNode node, String field, String where) {
		JsonNode value = node.get(field);
		if (value == null || !value.isNumber()) {
			throw fail(where, "must be a number");
		}
		BigDecimal decimal = value.decimalValue();
		if (decimal.stripTrailingZeros().scale() > 8) {
			throw fail(where, "has more than 8 decimals");
		}
		return decimal;
	}

	private long whole(JsonNode node, String field, long least) {
		return whole(node, field, field, least);
	}

	private long whole(JsonNode node, String field, String where, long least) {
		JsonNode value = node.get(field);
		if (value == null || !value.isIntegralNumber()) {
			throw fail(where, "must be a whole number");
		}
		long whole = value.asLong();
		if (whole < least) {
			throw fail(where, "must be at least " + least);
		}
		return whole;
	}

	private ScenarioException fail(String where, String problem) {
		return new ScenarioException(this.file + (where.isEmpty() ? "" : ": " + where) + ": " + problem);
	}

}
