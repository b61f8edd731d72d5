package org.gridfaas.containers.runtime;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.gridfaas.common.naming.UserName;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TenantIdsTests {

	@TempDir
	Path data;

	@Test
	void eachOwnerGetsABlockOfItsOwnAboveThePlatformsBlock() {
		TenantIds ids = new TenantIds(1_000_000, this.data.resolve("ids.properties"));
		assertThat(ids.sandboxGroup()).isEqualTo(1_000_000);
		assertThat(ids.of(UserName.of("alice")).uid()).isEqualTo(1_000_000 + 65_536);
		assertThat(ids.of(UserName.of("bob")).uid()).isEqualTo(1_000_000 + 2 * 65_536);
		assertThat(ids.of(UserName.of("alice")).uid()).isEqualTo(1_000_000 + 65_536);
	}

	@Test
	void theAllocationSurvivesARestart() {
		Path file = this.data.resolve("ids.properties");
		TenantIds before = new TenantIds(1_000_000, file);
		long bob = before.of(UserName.of("bob")).uid();
		before.of(UserName.of("alice"));
		TenantIds after = new TenantIds(1_000_000, file);
		assertThat(after.of(UserName.of("bob")).uid()).isEqualTo(bob);
		assertThat(after.of(UserName.of("carol")).uid()).isEqualTo(1_000_000 + 3 * 65_536);
	}

	@Test
	void aFileGivingTwoOwnersOneBlockIsRefused() throws Exception {
		Path file = Files.writeString(this.data.resolve("ids.properties"), "alice=1\nbob=1\n");
		assertThatThrownBy(() -> new TenantIds(1_000_000, file)).hasMessageContaining("the same block");
	}

	@Test
	void idsNeverPassTheLargestAJavaFileAttributeTakes() {
		assertThatThrownBy(() -> new TenantIds(Integer.MAX_VALUE - 65_536, this.data.resolve("ids.properties")))
			.isInstanceOf(IllegalArgumentException.class);
	}

}
