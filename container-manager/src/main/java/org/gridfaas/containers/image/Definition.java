package org.gridfaas.containers.image;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An Apptainer definition file ({@code .def}) in the form a provider builds safely: a
 * header naming the bootstrap agent and its options, then sections. It is parsed with
 * Apptainer's rules (keywords and section names are case-insensitive, {@code #} starts a
 * comment line in the header) and checked by {@link DefinitionRules}; anything else is
 * refused with the line and why, before a build starts.
 *
 * @param text the whole file, as given
 * @param bootstrap the agent that makes the root
 * @param headers every header keyword, lowercase, with its value
 * @param sections every section by its lowercase name
 */
public record Definition(String text, Bootstrap bootstrap, Map<String, Header> headers, Map<String, Section> sections) {

	/** The most a definition may hold (Apptainer sets no limit; a recipe is small). */
	public static final int MAX_BYTES = 64 * 1024;

	/** The sections that are built or kept; %setup and %app* are refused. */
	static final List<String> SECTIONS = List.of("post", "files", "environment", "labels", "help", "runscript");

	/** Sections Apptainer knows that are not built here, with why. */
	private static final Map<String, String> REFUSED = Map.ofEntries(
			Map.entry("setup", "runs on the build host, outside any sandbox"),
			Map.entry("pre", "runs on the build host, outside any sandbox"),
			Map.entry("test", "is not run by this platform"), Map.entry("startscript", "is not run by this platform"),
			Map.entry("arguments", "is not supported"), Map.entry("appinstall", "(SCIF apps) is not supported"),
			Map.entry("appfiles", "(SCIF apps) is not supported"), Map.entry("appenv", "(SCIF apps) is not supported"),
			Map.entry("apprun", "(SCIF apps) is not supported"), Map.entry("applabels", "(SCIF apps) is not supported"),
			Map.entry("apphelp", "(SCIF apps) is not supported"), Map.entry("apptest", "(SCIF apps) is not supported"),
			Map.entry("appstart", "(SCIF apps) is not supported"));

	public Definition {
		headers = Map.copyOf(headers);
		sections = Map.copyOf(sections);
	}

	/** The bootstrap agents a provider builds. */
	public enum Bootstrap {

		/** A Debian root made by {@code debootstrap} from an allowed mirror. */
		DEBOOTSTRAP,

		/** Another image of the same owner, by its function's name. */
		LOCALIMAGE,

		/** An empty root, filled by {@code %files} only. */
		SCRATCH

	}

	/**
	 * A header line.
	 *
	 * @param value what follows the colon, trimmed
	 * @param line its line number, from 1
	 */
	public record Header(String value, int line) {
	}

	/**
	 * A section.
	 *
	 * @param arguments what follows the section name on its line
	 * @param body the lines after it, up to the next section
	 * @param line the line of the section name, from 1
	 */
	public record Section(String arguments, String body, int line) {
	}

	/** A header's value, if the definition has it. */
	public Optional<String> header(String keyword) {
		return Optional.ofNullable(this.headers.get(keyword)).map(Header::value);
	}

	/** A section's body, if the definition has it. */
	public Optional<String> section(String name) {
		return Optional.ofNullable(this.sections.get(name)).map(Section::body);
	}

	/**
	 * A line of {@code %files}.
	 *
	 * @param source a file or folder in the function's {@code staging/}, relative to it
	 * @param destination where it goes in the image, absolute
	 * @param line its line in the definition
	 */
	public record FileCopy(String source, String destination, int line) {
	}

	/**
	 * The copies {@code %files} asks for: {@code source [destination]} per line, the
	 * source in the function's staging data ({@code model.bin} or
	 * {@code /staging/model.bin}), the destination absolute (the source's path when left
	 * out). Nothing of the build host is reachable.
	 */
	public List<FileCopy> files() {
		Section files = this.sections.get("files");
		if (files == null) {
			return List.of();
		}
		if (!files.arguments().isEmpty()) {
			throw new InvalidDefinitionException(files.line(),
					"%files takes no arguments here ('from <stage>' needs a multi-stage build, which is not supported)");
		}
		List<FileCopy> copies = new java.util.ArrayList<>();
		String[] lines = files.body().split("\n", -1);
		for (int i = 0; i < lines.length; i++) {
			int number = files.line() + 1 + i;
			String line = lines[i].strip();
			if (line.isEmpty() || line.startsWith("#")) {
				continue;
			}
			String[] parts = line.split("\s+");
			if (parts.length > 2) {
				throw new InvalidDefinitionException(number, "a %files line is 'source [destination]'");
			}
			String source = stagingSource(parts[0], number);
			String destination = (parts.length == 2) ? parts[1] : "/staging/" + source;
			checkPath(destination, number, "destination");
			if (!destination.startsWith("/")) {
				throw new InvalidDefinitionException(number, "the destination " + destination + " is not absolute");
			}
			copies.add(new FileCopy(source, destination, number));
		}
		return List.copyOf(copies);
	}

	private static String stagingSource(String source, int line) {
		checkPath(source, line, "source");
		String relative = source.startsWith("/staging/") ? source.substring("/staging/".length()) : source;
		if (relative.startsWith("/") || relative.isEmpty()) {
			throw new InvalidDefinitionException(line, "the source " + source
					+ " is not in the function's staging/: sources come from there only, never the build host");
		}
		return relative;
	}

	private static void checkPath(String path, int line, String what) {
		if (!path.matches("[A-Za-z0-9._/+@=-]+")) {
			throw new InvalidDefinitionException(line, "the " + what
					+ " path may hold letters, digits and ._/+@=- only (no wildcards, quotes or variables)");
		}
		for (String part : path.split("/")) {
			if (part.equals("..")) {
				throw new InvalidDefinitionException(line, "the " + what + " path may not hold '..'");
			}
		}
	}

	/**
	 * The definition as Apptainer builds it here: {@code From:} names the base image's
	 * file, and each {@code %files} source is relative to the staging folder the build
	 * runs in. Every other line is as the owner wrote it.
	 * @param base the local file of the {@code From:} image, for a localimage build
	 */
	public String forApptainer(Optional<java.nio.file.Path> base) {
		String[] lines = this.text.split("\\r?\\n", -1);
		Header from = this.headers.get("from");
		if (from != null && base.isPresent()) {
			lines[from.line() - 1] = "From: " + base.get();
		}
		for (FileCopy copy : files()) {
			lines[copy.line() - 1] = "    " + copy.source() + " " + copy.destination();
		}
		return String.join("\n", lines);
	}

	/**
	 * Parses a definition; what it may hold is then checked by {@link DefinitionRules}.
	 * @throws InvalidDefinitionException naming the first line that is wrong
	 */
	public static Definition parse(String text) {
		if (text.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
			throw new InvalidDefinitionException(0, "the definition is over " + MAX_BYTES / 1024 + " KB");
		}
		String[] lines = text.split("\\r?\\n", -1);
		Map<String, Header> headers = new LinkedHashMap<>();
		Map<String, Section> sections = new LinkedHashMap<>();
		String current = null;
		int currentLine = 0;
		String arguments = "";
		StringBuilder body = new StringBuilder();
		for (int i = 0; i < lines.length; i++) {
			String line = lines[i];
			int number = i + 1;
			if (line.startsWith("%")) {
				if (current != null) {
					sections.put(current, new Section(arguments, body.toString(), currentLine));
				}
				String[] parts = line.substring(1).strip().split("\\s+", 2);
				current = checkSection(parts[0].toLowerCase(Locale.ROOT), number, sections);
				arguments = (parts.length > 1) ? parts[1].strip() : "";
				currentLine = number;
				body.setLength(0);
			}
			else if (current != null) {
				body.append(line).append('\n');
			}
			else {
				parseHeader(line, number, headers);
			}
		}
		if (current != null) {
			sections.put(current, new Section(arguments, body.toString(), currentLine));
		}
		Header bootstrap = headers.get("bootstrap");
		if (bootstrap == null) {
			throw new InvalidDefinitionException(1, "the definition has no 'Bootstrap:' header");
		}
		return new Definition(text, bootstrapOf(bootstrap), headers, sections);
	}

	private static String checkSection(String name, int line, Map<String, Section> seen) {
		if (REFUSED.containsKey(name)) {
			throw new InvalidDefinitionException(line, "%" + name + " " + REFUSED.get(name));
		}
		if (!SECTIONS.contains(name)) {
			throw new InvalidDefinitionException(line,
					"unknown section %" + name + "; the sections built are %" + String.join(", %", SECTIONS));
		}
		if (seen.containsKey(name)) {
			throw new InvalidDefinitionException(line, "%" + name + " appears twice");
		}
		return name;
	}

	private static void parseHeader(String line, int number, Map<String, Header> headers) {
		String trimmed = line.strip();
		if (trimmed.isEmpty() || trimmed.startsWith("#")) {
			return;
		}
		int colon = trimmed.indexOf(':');
		if (colon <= 0) {
			throw new InvalidDefinitionException(number, "a header line is 'Keyword: value'");
		}
		String keyword = trimmed.substring(0, colon).strip().toLowerCase(Locale.ROOT);
		if (headers.containsKey(keyword)) {
			throw new InvalidDefinitionException(number, "header '" + keyword + "' appears twice");
		}
		headers.put(keyword, new Header(trimmed.substring(colon + 1).strip(), number));
	}

	private static Bootstrap bootstrapOf(Header header) {
		String agent = header.value().toLowerCase(Locale.ROOT);
		for (Bootstrap known : Bootstrap.values()) {
			if (known.name().toLowerCase(Locale.ROOT).equals(agent)) {
				return known;
			}
		}
		throw new InvalidDefinitionException(header.line(),
				"Bootstrap: " + header.value().replaceAll("[^\\x20-\\x7e]", "?")
						+ " is not built here; the agents built are debootstrap, localimage and scratch"
						+ " (upload a .sif to utils/ for anything else)");
	}

}
