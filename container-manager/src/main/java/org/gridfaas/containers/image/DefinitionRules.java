package org.gridfaas.containers.image;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.gridfaas.common.InvalidValueException;
import org.gridfaas.common.naming.FunctionName;
import org.gridfaas.common.naming.UserName;
import org.gridfaas.containers.image.Definition.Bootstrap;
import org.gridfaas.containers.image.Definition.Header;

/**
 * What a definition may ask of the build host. debootstrap runs as root on the host and
 * runs the maintainer scripts of what it installs there, so its suite and mirror come
 * from the provider's lists and its packages are plain Debian package names; a
 * {@code From:} image is one the same owner's function has; everything else runs in the
 * task sandbox.
 */
public final class DefinitionRules {

	/** Debian policy §5.6.1: lowercase letters, digits, {@code + - .}, from 2 chars. */
	private static final Pattern PACKAGE = Pattern.compile("[a-z0-9][a-z0-9+.-]+");

	private static final Map<Bootstrap, Set<String>> HEADERS = Map.of(Bootstrap.DEBOOTSTRAP,
			Set.of("bootstrap", "osversion", "mirrorurl", "include"), Bootstrap.LOCALIMAGE, Set.of("bootstrap", "from"),
			Bootstrap.SCRATCH, Set.of("bootstrap"));

	private final List<String> suites;

	private final List<String> mirrors;

	/**
	 * @param suites the Debian suites debootstrap may install
	 * @param mirrors the mirrors it may install from; the first is the default
	 */
	public DefinitionRules(List<String> suites, List<String> mirrors) {
		this.suites = List.copyOf(suites);
		this.mirrors = List.copyOf(mirrors);
	}

	/**
	 * Parses a definition and checks it.
	 * @param owner whose function it is built for
	 * @param owners the owner of each function that has an image, for {@code From:}
	 * @throws InvalidDefinitionException naming the line that is wrong
	 */
	public Definition check(String text, UserName owner, Function<FunctionName, Optional<UserName>> owners) {
		Definition definition = Definition.parse(text);
		Set<String> allowed = HEADERS.get(definition.bootstrap());
		for (Map.Entry<String, Header> header : definition.headers().entrySet()) {
			if (!allowed.contains(header.getKey())) {
				throw new InvalidDefinitionException(header.getValue().line(),
						"header '" + header.getKey() + "' is not used with Bootstrap: "
								+ definition.bootstrap().name().toLowerCase(java.util.Locale.ROOT) + "; it takes "
								+ String.join(", ", allowed.stream().sorted().toList()));
			}
		}
		switch (definition.bootstrap()) {
			case DEBOOTSTRAP -> checkDebootstrap(definition);
			case LOCALIMAGE -> checkFrom(definition, owner, owners);
			case SCRATCH -> {
			}
		}
		definition.files();
		return definition;
	}

	/** The mirror a definition installs from: its own, or the provider's default. */
	public String mirror(Definition definition) {
		return definition.header("mirrorurl").map(DefinitionRules::stripSlash).orElse(this.mirrors.get(0));
	}

	/** The packages a debootstrap definition adds to the base system. */
	public static List<String> packages(Definition definition) {
		return definition.header("include")
			.map((value) -> List.of(value.split("[,\\s]+")))
			.orElse(List.of())
			.stream()
			.filter((name) -> !name.isEmpty())
			.toList();
	}

	/** The function a localimage definition starts from. */
	public static FunctionName from(Definition definition) {
		return FunctionName.of(definition.header("from").orElseThrow());
	}

	private void checkDebootstrap(Definition definition) {
		Header suite = definition.headers().get("osversion");
		if (suite == null) {
			throw new InvalidDefinitionException(definition.headers().get("bootstrap").line(),
					"Bootstrap: debootstrap needs 'OSVersion:', one of " + String.join(", ", this.suites));
		}
		if (!this.suites.contains(suite.value())) {
			throw new InvalidDefinitionException(suite.line(), "OSVersion " + printable(suite.value())
					+ " is not offered here; the suites offered are " + String.join(", ", this.suites));
		}
		Header mirror = definition.headers().get("mirrorurl");
		if (mirror != null && !this.mirrors.contains(stripSlash(mirror.value()))) {
			throw new InvalidDefinitionException(mirror.line(), "MirrorURL " + printable(mirror.value())
					+ " is not one of the provider's mirrors: " + String.join(", ", this.mirrors));
		}
		Header include = definition.headers().get("include");
		if (include != null) {
			for (String name : packages(definition)) {
				if (!PACKAGE.matcher(name).matches()) {
					throw new InvalidDefinitionException(include.line(),
							"Include: '" + printable(name) + "' is not a Debian package name");
				}
			}
		}
	}

	private static void checkFrom(Definition definition, UserName owner,
			Function<FunctionName, Optional<UserName>> owners) {
		Header from = definition.headers().get("from");
		if (from == null) {
			throw new InvalidDefinitionException(definition.headers().get("bootstrap").line(),
					"Bootstrap: localimage needs 'From:', the name of another function of yours with an image");
		}
		FunctionName base;
		try {
			base = FunctionName.of(from.value());
		}
		catch (InvalidValueException ex) {
			throw new InvalidDefinitionException(from.line(),
					"From: names a function of yours (its image is utils/<function>.sif), not a path or URL");
		}
		Optional<UserName> baseOwner = owners.apply(base);
		if (baseOwner.isEmpty() || !baseOwner.get().equals(owner)) {
			// The same answer whether it is missing or another's: names are not
			// disclosed.
			throw new InvalidDefinitionException(from.line(),
					"From: " + base + " is not a function of " + owner + " with an image");
		}
	}

	private static String stripSlash(String url) {
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

	private static String printable(String text) {
		String shown = text.replaceAll("[^\\x20-\\x7e]", "?");
		return (shown.length() > 80) ? shown.substring(0, 80) + "..." : shown;
	}

}
