package org.gridfaas.containers.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SIF files made by sylabs' own siftool, and files that only pretend to be SIF. */
class SifFileTests {

	@TempDir
	static Path folder;

	static Path image;

	@BeforeAll
	static void makeImageWithSiftool() throws Exception {
		image = TestImages.busyboxSif(folder, "Bootstrap: scratch\n%labels\n  made-by siftool\n");
	}

	@Test
	void aSifMadeBySiftoolIsReadWithItsPartitionAndDefinition() throws Exception {
		SifFile sif = SifFile.read(image);
		assertThat(sif.definition()).hasValue("Bootstrap: scratch\n%labels\n  made-by siftool\n");
		// siftool lists the partition as start-end; ours must agree to the byte.
		String listing = TestImages.run(List.of("siftool", "list", image.toString()));
		assertThat(listing).contains(sif.partitionOffset() + "-" + (sif.partitionOffset() + sif.partitionSize()));
	}

	@Test
	void aFileThatIsNotASifIsRefused() throws IOException {
		Path text = Files.writeString(folder.resolve("fake.sif"), "#!/bin/sh\necho I am not an image\n".repeat(20));
		assertThatThrownBy(() -> SifFile.read(text)).isInstanceOf(InvalidImageException.class)
			.hasMessage("not a SIF file (no SIF_MAGIC at byte 32)");
	}

	@Test
	void aTruncatedSifIsRefused() throws IOException {
		byte[] bytes = Files.readAllBytes(image);
		Path header = Files.write(folder.resolve("header-only.sif"), java.util.Arrays.copyOf(bytes, 100));
		assertThatThrownBy(() -> SifFile.read(header)).isInstanceOf(InvalidImageException.class)
			.hasMessage("the file is too short to hold its header");
		Path table = Files.write(folder.resolve("no-partition-data.sif"), java.util.Arrays.copyOf(bytes, 32_700));
		assertThatThrownBy(() -> SifFile.read(table)).isInstanceOf(InvalidImageException.class)
			.hasMessageContaining("lies outside the file");
	}

	@Test
	void aSifWithoutASystemPartitionIsRefused() throws Exception {
		Path empty = folder.resolve("definition-only.sif");
		Path def = Files.writeString(folder.resolve("only.def"), "Bootstrap: scratch\n", StandardCharsets.UTF_8);
		TestImages.run(List.of("siftool", "new", empty.toString()));
		TestImages.run(List.of("siftool", "add", empty.toString(), def.toString(), "--datatype", "1"));
		assertThatThrownBy(() -> SifFile.read(empty)).isInstanceOf(InvalidImageException.class)
			.hasMessage("the SIF file has no squashfs primary system partition");
	}

}
