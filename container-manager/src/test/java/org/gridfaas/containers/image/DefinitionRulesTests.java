package org.gridfaas.containers.image;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import org.gridfaas.common.naming.FunctionName;
import org.gridfaas.common.naming.UserName;
import org.gridfaas.containers.image.Definition.Bootstrap;
import org.gridfaas.containers.image.Definition.FileCopy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DefinitionRulesTests {

	static final UserName ALICE = UserName.of("alice");

	final DefinitionRules rules = new DefinitionRules(List.of("bookworm", "trixie"),
			List.of("http://deb.debian.org/debian"));

	/** alice owns "base" (with an image), bob owns "bobs". */
	final Map<String, UserName> owners = Map.of("base", ALICE, "bobs", UserName.of("bob"));

	Definition check(String text) {
		return this.rules.check(text, ALICE, (name) -> Optional.ofNullable(this.owners.get(name.value())));
	}

	void refused(String text, String message) {
		assertThatThrownBy(() -> check(text)).isInstanceOf(InvalidDefinitionException.class).hasMessage(message);
	}

	@Test
	void aDebootstrapDefinitionIsReadWithItsPackagesAndSections() {
		Definition definition = check("""
				# a comment
				Bootstrap: debootstrap
				OSVersion: bookworm
				MirrorURL: http://deb.debian.org/debian/
				Include: python3, ca-certificates  procps

				%post
				    echo built > /marker
				%environment
				    export A=1
				%labels
				    maintainer alice
				""");
		assertThat(definition.bootstrap()).isEqualTo(Bootstrap.DEBOOTSTRAP);
		assertThat(DefinitionRules.packages(definition)).containsExactly("python3", "ca-certificates", "procps");
		assertThat(this.rules.mirror(definition)).isEqualTo("http://deb.debian.org/debian");
		assertThat(definition.section("post")).hasValue("    echo built > /marker\n");
		assertThat(definition.section("environment")).hasValue("    export A=1\n");
	}

	@Test
	void keywordsAndSectionNamesAreCaseInsensitiveAsInApptainer() {
		Definition definition = check("bootstrap: Scratch\n%FILES\n  model.bin /opt/model.bin\n");
		assertThat(definition.bootstrap()).isEqualTo(Bootstrap.SCRATCH);
		assertThat(definition.files()).containsExactly(new FileCopy("model.bin", "/opt/model.bin", 3));
	}

	@Test
	void aFilesSourceMayNameStagingAndDefaultsItsDestinationToTheSamePath() {
		assertThat(check("Bootstrap: scratch\n%files\n/staging/data/a.csv\n").files())
			.containsExactly(new FileCopy("data/a.csv", "/staging/data/a.csv", 3));
	}

	@Test
	void aDefinitionWithoutBootstrapIsRefused() {
		refused("From: debian\n%post\n  true\n", "definition, line 1: the definition has no 'Bootstrap:' header");
	}

	@Test
	void aDefinitionOver64KilobytesIsRefused() {
		refused("Bootstrap: scratch\n%help\n" + "x".repeat(64 * 1024), "definition: the definition is over 64 KB");
	}

	@Test
	void anUnknownSectionIsRefusedWithItsLine() {
		refused("Bootstrap: scratch\n\n%bogus\n", "definition, line 3: unknown section %bogus; the sections built are"
				+ " %post, %files, %environment, %labels, %help, %runscript");
	}

	@Test
	void setupIsRefusedBecauseItRunsOnTheBuildHost() {
		refused("Bootstrap: scratch\n%setup\n  touch ${APPTAINER_ROOTFS}/x\n",
				"definition, line 2: %setup runs on the build host, outside any sandbox");
	}

	@Test
	void otherAgentsAreRefusedWithWhatIsBuilt() {
		refused("Bootstrap: docker\nFrom: debian:12\n", "definition, line 1: Bootstrap: docker is not built here;"
				+ " the agents built are debootstrap, localimage and scratch (upload a .sif to utils/ for anything else)");
		refused("Bootstrap: library\nFrom: alpine\n", "definition, line 1: Bootstrap: library is not built here;"
				+ " the agents built are debootstrap, localimage and scratch (upload a .sif to utils/ for anything else)");
	}

	@Test
	void filesFromTheBuildHostAreRefused() {
		refused("Bootstrap: scratch\n%files\n/etc/shadow /shadow\n", "definition, line 3: the source /etc/shadow is not"
				+ " in the function's staging/: sources come from there only, never the build host");
		refused("Bootstrap: scratch\n%files\n../../etc/passwd /x\n",
				"definition, line 3: the source path may not hold '..'");
		refused("Bootstrap: scratch\n%files\n*.bin /opt\n", "definition, line 3: the source path may hold letters,"
				+ " digits and ._/+@=- only (no wildcards, quotes or variables)");
		refused("Bootstrap: scratch\n%files from build\na /a\n", "definition, line 2: %files takes no arguments here"
				+ " ('from <stage>' needs a multi-stage build, which is not supported)");
	}

	@Test
	void fromMustNameAFunctionOfTheSameOwner() {
		assertThat(DefinitionRules.from(check("Bootstrap: localimage\nFrom: base\n")))
			.isEqualTo(FunctionName.of("base"));
		refused("Bootstrap: localimage\nFrom: bobs\n",
				"definition, line 2: From: bobs is not a function of alice with an image");
		refused("Bootstrap: localimage\nFrom: nobody-has-this\n",
				"definition, line 2: From: nobody-has-this is not a function of alice with an image");
		refused("Bootstrap: localimage\nFrom: /srv/other/image.sif\n", "definition, line 2: From: names a function of"
				+ " yours (its image is utils/<function>.sif), not a path or URL");
	}

	@Test
	void debootstrapTakesTheProvidersSuitesMirrorsAndPlainPackageNames() {
		refused("Bootstrap: debootstrap\n",
				"definition, line 1: Bootstrap: debootstrap needs 'OSVersion:', one of" + " bookworm, trixie");
		refused("Bootstrap: debootstrap\nOSVersion: sid\n",
				"definition, line 2: OSVersion sid is not offered here; the suites offered are bookworm, trixie");
		refused("Bootstrap: debootstrap\nOSVersion: bookworm\nMirrorURL: http://evil.example/debian\n",
				"definition, line 3: MirrorURL http://evil.example/debian is not one of the provider's mirrors:"
						+ " http://deb.debian.org/debian");
		refused("Bootstrap: debootstrap\nOSVersion: bookworm\nInclude: python3,--foreign\n",
				"definition, line 3: Include: '--foreign' is not a Debian package name");
		refused("Bootstrap: scratch\nOSVersion: bookworm\n",
				"definition, line 2: header 'osversion' is not used with Bootstrap: scratch; it takes bootstrap");
	}

	@Test
	void theBundledDefinitionsPassTheRules() throws Exception {
		DefinitionRules defaults = new DefinitionRules(List.of("bookworm"), List.of("http://deb.debian.org/debian"));
		for (String name : List.of("base.def", "stress.def")) {
			String text = java.nio.file.Files.readString(java.nio.file.Path.of("../images", name));
			Definition definition = defaults.check(text, ALICE, (function) -> Optional.empty());
			assertThat(DefinitionRules.packages(definition)).as(name).contains("bash");
		}
	}

	@Test
	void aSectionTwiceIsRefused() {
		refused("Bootstrap: scratch\n%help\na\n%help\nb\n", "definition, line 4: %help appears twice");
	}

}
