package org.gridfaas.containers.task;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.minio.MinioClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.gridfaas.common.naming.FunctionName;
import org.gridfaas.containers.function.FunctionLayout;
import org.gridfaas.containers.function.FunctionsChanged;
import org.gridfaas.containers.store.ObjectStore;
import org.gridfaas.containers.store.minio.TestStores;
import org.gridfaas.testing.S3ProxyServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Function scripts on a real S3 server: read once per refresh rather than once per task,
 * and read again at once when the function is published anew.
 */
class FunctionScriptsTests {

	static S3ProxyServer s3;

	static MinioClient client;

	static ObjectStore store;

	@BeforeAll
	static void start() {
		s3 = S3ProxyServer.start();
		client = s3.client();
		store = TestStores.on(client);
	}

	@AfterAll
	static void stop() throws Exception {
		client.close();
		s3.close();
	}

	@Test
	void aScriptIsHeldUntilTheFunctionIsPublishedAgain() {
		FunctionName function = function("held");
		FunctionScripts scripts = new FunctionScripts(store, Duration.ofHours(1));
		write(function, "echo one");
		assertThat(text(scripts, function)).isEqualTo("echo one");
		write(function, "echo two");
		assertThat(text(scripts, function)).as("held for the refresh").isEqualTo("echo one");
		scripts.functionChanged(new FunctionsChanged(function));
		assertThat(text(scripts, function)).as("published again").isEqualTo("echo two");
	}

	@Test
	void aScriptWrittenStraightToTheBucketCountsOnceTheRefreshHasPassed() throws Exception {
		FunctionName function = function("refreshed");
		FunctionScripts scripts = new FunctionScripts(store, Duration.ofMillis(1));
		write(function, "echo one");
		assertThat(text(scripts, function)).isEqualTo("echo one");
		write(function, "echo two");
		Thread.sleep(20);
		assertThat(text(scripts, function)).isEqualTo("echo two");
	}

	@Test
	void aFunctionWithoutAScriptHasNoneUntilOneIsPublished() {
		FunctionName function = function("scriptless");
		FunctionScripts scripts = new FunctionScripts(store, Duration.ofHours(1));
		assertThat(scripts.of(function)).isEmpty();
		write(function, "echo late");
		scripts.functionChanged(new FunctionsChanged(function));
		assertThat(text(scripts, function)).isEqualTo("echo late");
	}

	private static FunctionName function(String name) {
		store.createBucket(name);
		return FunctionName.of(name);
	}

	private static void write(FunctionName function, String script) {
		store.put(function.value(), FunctionLayout.SCRIPT, script.getBytes(StandardCharsets.UTF_8));
	}

	private static String text(FunctionScripts scripts, FunctionName function) {
		return new String(scripts.of(function).orElseThrow(), StandardCharsets.UTF_8);
	}

}
