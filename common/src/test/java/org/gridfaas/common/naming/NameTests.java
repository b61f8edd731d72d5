package org.gridfaas.common.naming;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.gridfaas.common.InvalidValueException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NameTests {

	@ParameterizedTest
	@ValueSource(strings = { "alice", "a", "user-1", "team_b", "0x" })
	void userNamesOfLowercaseLettersDigitsAndSeparatorsAreAccepted(String name) {
		assertThat(UserName.of(name).value()).isEqualTo(name);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "a/b", "a\\b", "a..b", "..", "tab\tname", "nul\u0000", "new\nline", "Alice", "-lead",
			"trail-", "dot.ted", "sp ace", "ümlaut" })
	void userNamesThatCouldEscapeAPathOrConfuseALogAreRejected(String name) {
		assertThatThrownBy(() -> UserName.of(name)).isInstanceOf(InvalidValueException.class)
			.hasMessageStartingWith("user name");
	}

	@Test
	void namesLongerThan63CharactersAreRejected() {
		assertThat(UserName.of("a".repeat(63)).value()).hasSize(63);
		assertThatThrownBy(() -> UserName.of("a".repeat(64))).hasMessage("user name must be at most 63 characters");
		assertThatThrownBy(() -> FunctionName.of("f".repeat(64))).isInstanceOf(InvalidValueException.class);
		assertThatThrownBy(() -> ContainerName.of("c".repeat(64))).isInstanceOf(InvalidValueException.class);
	}

	@Test
	void rejectionMessagesNeverEchoTheInput() {
		assertThatThrownBy(() -> UserName.of("evil\u001b[31m")).message().doesNotContain("evil");
	}

	@ParameterizedTest
	@ValueSource(strings = { "stress", "my-function", "f00",
			"abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0" })
	void functionNamesThatAreValidBucketNamesAreAccepted(String name) {
		assertThat(FunctionName.of(name).value()).isEqualTo(name);
	}

	@ParameterizedTest
	@ValueSource(strings = { "ab", "Stress", "my_function", "my.function", "192.168.1.1", "xn--bucket", "sthree-bucket",
			"bucket-s3alias", "bucket--ol-s3", "bucket--x-s3", "-stress", "stress-", "a/b", "a..b" })
	void functionNamesThatAreNotValidBucketNamesAreRejected(String name) {
		assertThatThrownBy(() -> FunctionName.of(name)).isInstanceOf(InvalidValueException.class)
			.hasMessageStartingWith("function name");
	}

	@ParameterizedTest
	@ValueSource(strings = { "stress", "stress-1", "stress.1", "gf_stress" })
	void containerNamesMayUseSingleDots(String name) {
		assertThat(ContainerName.of(name).value()).isEqualTo(name);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "a..b", "../etc", "/abs", "a\\b", ".hidden", "c\r" })
	void containerNamesThatCouldNameAnotherPathAreRejected(String name) {
		assertThatThrownBy(() -> ContainerName.of(name)).isInstanceOf(InvalidValueException.class);
	}

	@Test
	void namesCompareAndPrintAsTheirValue() {
		assertThat(UserName.of("bob")).isGreaterThan(UserName.of("alice"));
		assertThat(FunctionName.of("stress")).hasToString("stress");
	}

}
