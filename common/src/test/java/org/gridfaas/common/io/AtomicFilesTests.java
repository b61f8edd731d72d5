package org.gridfaas.common.io;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class AtomicFilesTests {

	@TempDir
	Path folder;

	@Test
	void aFileIsWrittenThenReplacedWholeAndNoTemporaryFileIsLeft() throws Exception {
		Path target = this.folder.resolve("record.json");
		AtomicFiles.write(target, "{\"first\":true}".getBytes(StandardCharsets.UTF_8));
		assertThat(target).hasContent("{\"first\":true}");
		AtomicFiles.write(target, "{}".getBytes(StandardCharsets.UTF_8));
		assertThat(target).hasContent("{}");
		assertThat(this.folder.resolve("record.json.tmp")).doesNotExist();
	}

	@Test
	void aTemporaryFileLeftByACrashIsOverwrittenNotAppendedTo() throws Exception {
		Path target = this.folder.resolve("log");
		Files.writeString(this.folder.resolve("log.tmp"), "torn content from a crash, longer than the new one");
		AtomicFiles.write(target, "new".getBytes(StandardCharsets.UTF_8));
		assertThat(target).hasContent("new");
	}

}
