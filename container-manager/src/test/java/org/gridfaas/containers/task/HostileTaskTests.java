package org.gridfaas.containers.task;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.gridfaas.containers.ContainerManagerHarness;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridfaas.containers.ContainerManagerHarness.ADMIN_TOKEN;
import static org.gridfaas.containers.ContainerManagerHarness.ALICE_TOKEN;
import static org.gridfaas.containers.ContainerManagerHarness.BOB_TOKEN;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Task scripts written as a hostile tenant would write them, run by the whole service on
 * the real local runtime (Bubblewrap sandboxes, cgroups, a real S3 server). Each attack
 * must fail; each test says what was tried and asserts how it was stopped.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class HostileTaskTests {

	static final ContainerManagerHarness harness = new ContainerManagerHarness();

	static final MinioClient s3 = harness.s3.client();

	static final AtomicInteger functions = new AtomicInteger();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		harness.creditManager.allow("alice", true);
		harness.creditManager.allow("bob", true);
		harness.register(registry);
		registry.add("gridfaas.tasks.max-log-size", () -> "64KB");
		registry.add("gridfaas.runtime.tmp-size", () -> "4MB");
		registry.add("gridfaas.functions.limits.memory-max", () -> "1GB");
	}

	@LocalServerPort
	void port(int port) {
		harness.port = port;
	}

	/** Closes the harness when the context closes, after the service stopped. */
	@TestConfiguration
	static class Cleanup {

		@Bean
		DisposableBean harnessCleanup() {
			return harness::close;
		}

	}

	@BeforeAll
	static void requireRoot() {
		assumeTrue("root".equals(System.getProperty("user.name")), "the local runtime needs root for cgroups here");
	}

	@AfterAll
	static void closeClient() throws Exception {
		s3.close();
	}

	@Test
	void aTaskCannotMakeTheServiceWriteItsLogThroughALinkToAHostFile() throws Exception {
		Path target = harness.home.resolve("written-by-the-service");
		// The old layout kept the log in the task's folder; this one may not even see it.
		String script = "for name in output.log output-tail.log ../t-1.log; do ln -sf " + target
				+ " \"/task/$name\" 2>/dev/null; done\n" + "head -c 100000 /dev/zero | tr '\\0' x; echo; echo the-end";
		Ran task = run("alice", script, "{}");
		assertThat(task.state()).isEqualTo("SUCCEEDED");
		assertThat(target).doesNotExist();
		assertThat(task.log()).contains("only its last 65536 are kept", "the-end");
	}

	@Test
	void aTaskCannotMakeTheServiceFileAHostSecretAsItsLogOrResult() throws Exception {
		Path secret = harness.home.resolve("secret.txt");
		Files.writeString(secret, "TOP-SECRET-4711");
		String script = "cat " + secret + "\nln -sf " + secret + " /task/output.log\nln -sf " + secret
				+ " \"$2/secret.txt\"\necho ok > \"$2/ok.txt\"";
		Ran task = run("alice", script, "{}");
		assertThat(task.state()).isEqualTo("SUCCEEDED");
		assertThat(task.log()).doesNotContain("TOP-SECRET").contains("No such file or directory", "not filed");
		assertThat(task.record().get("resultKeys").toString()).contains("ok.txt").doesNotContain("secret.txt");
	}

	@Test
	void resultsAreReadAsTheTasksOwnIdentityAndOnlyRegularFilesAreFiled() throws Exception {
		// As root, the service could read a file the task made unreadable to itself; as
		// the task's identity it cannot, and pipes and links are never opened.
		String script = """
				echo visible > "$2/ok.txt"
				echo hidden > "$2/locked.txt"; chmod 000 "$2/locked.txt"
				mkfifo "$2/pipe"
				ln -s /etc "$2/etc"
				mkdir -p "$2/a/b"; echo deep > "$2/a/b/c.txt"
				""";
		Ran task = run("alice", script, "{}");
		assertThat(task.state()).isEqualTo("SUCCEEDED");
		assertThat(task.record().get("resultKeys").toString()).contains("ok.txt", "a/b/c.txt")
			.doesNotContain("locked.txt", "pipe", "etc");
		assertThat(task.result("a/b/c.txt")).isEqualTo("deep\n");
		assertThat(task.log()).contains("not filed", "pipe", "etc", "could not be read");
	}

	@Test
	void aTaskThatReplacesItsOutputFolderWithALinkToTheHostsRootFilesNothing() throws Exception {
		Ran task = run("alice", "rmdir \"$2\" && ln -s / \"$2\"", "{}");
		assertThat(task.state()).isEqualTo("SUCCEEDED");
		assertThat(task.record().get("resultKeys")).isEmpty();
		assertThat(task.log()).contains("not filed", "no longer a folder");
	}

	@Test
	void aTaskSeesNoneOfThePlatformsStateNorTheHostsSysOrCgroups() throws Exception {
		String script = """
				report="$2/report.txt"
				echo "home: $(ls %s 2>&1)" >> "$report"
				echo "parent: $(ls /task/.. | tr '\\n' ' ')" >> "$report"
				echo "root: $(ls / | tr '\\n' ' ')" >> "$report"
				echo "sys: $(ls /sys 2>&1)" >> "$report"
				echo "cgroup: $(cat /proc/self/cgroup 2>&1 | head -1)" >> "$report"
				""".formatted(harness.home);
		Ran task = run("alice", script, "{}");
		String report = task.result("report.txt");
		assertThat(report).contains("home: ls: cannot access '" + harness.home + "': No such file or directory");
		// The task's parent is the sandbox's root: system folders and the sandbox's own.
		assertThat(line(report, "parent:")).doesNotContain("gridfaas-cm-", "containers", "data");
		assertThat(line(report, "root:")).contains("task", "usr", "etc", "tmp", "proc", "dev")
			.doesNotContain("root ", "home ", "work ", "srv ");
		assertThat(line(report, "sys:")).contains("No such file or directory");
		// Its own cgroup namespace: the container's group is its root.
		assertThat(line(report, "cgroup:")).endsWith(":/");
	}

	@Test
	void eachTenantsTasksRunUnderAHostUidOfTheirOwnNeverRoot() throws Exception {
		String alice = publish("alice", "sleep 3.141", "{}");
		String bob = publish("bob", "sleep 2.718", "{}");
		submit(alice, "t.txt", ALICE_TOKEN);
		submit(bob, "t.txt", BOB_TOKEN);
		long aliceUid = awaitUidOf("3.141");
		long bobUid = awaitUidOf("2.718");
		assertThat(aliceUid).isNotEqualTo(bobUid).isGreaterThanOrEqualTo(268_435_456L + 65_536L);
		assertThat(bobUid).isGreaterThanOrEqualTo(268_435_456L + 65_536L);
		assertThat(Math.abs(aliceUid - bobUid) % 65_536).as("a block of 65,536 ids each").isZero();
		assertThat(harness.home.resolve("data/tenant-ids.properties")).content().contains("alice=", "bob=");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(harness.home)))
			.as("the platform's home: passable by sandboxes, listed by nobody but root")
			.isEqualTo("rwx--x---");
	}

	@Test
	void aTaskCannotSeeOrSignalAnotherTenantsProcesses() throws Exception {
		String victim = publish("bob", "sleep 3; echo survived > \"$2/alive.txt\"", "{}");
		submit(victim, "v.txt", BOB_TOKEN);
		harness.awaitTask(victim, "v.txt", "RUNNING", Duration.ofSeconds(20));
		awaitUidOf("3");
		Ran attacker = run("alice",
				"kill -9 -1 2>/dev/null; pkill -9 sleep; ls /proc | grep -c '^[0-9]' > \"$2/processes.txt\"", "{}");
		assertThat(Integer.parseInt(attacker.result("processes.txt").strip())).as("processes it can see").isLessThan(5);
		Ran survivor = awaitEnd(victim, "v.txt");
		assertThat(survivor.state()).isEqualTo("SUCCEEDED");
		assertThat(survivor.result("alive.txt")).contains("survived");
	}

	@Test
	void filesLeftInTmpVarTmpAndDevShmDoNotOutliveTheTask() throws Exception {
		String function = publish("alice",
				"if [ \"$GRIDFAAS_TASK\" = first.txt ]; then for d in /tmp /var/tmp /dev/shm; do echo x > $d/left-behind;"
						+ " done; fi; ls -A /tmp /var/tmp /dev/shm > \"$2/listing.txt\"",
				"{}");
		submit(function, "first.txt", ALICE_TOKEN);
		Ran first = awaitEnd(function, "first.txt");
		assertThat(first.result("listing.txt")).contains("left-behind");
		submit(function, "second.txt", ALICE_TOKEN);
		Ran second = awaitEnd(function, "second.txt");
		assertThat(second.result("listing.txt")).doesNotContain("left-behind");
		assertThat(Path.of("/tmp/left-behind")).doesNotExist();
	}

	@Test
	void aTaskReachesNeitherThePlatformsServicesNorTheStoreOverTheNetwork() throws Exception {
		int store = Integer.parseInt(harness.s3.endpoint().replaceAll(".*:(\\d+).*", "$1"));
		String script = """
				for port in %d %d; do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>> "$2/connect.txt" && echo "open $port" >> "$2/connect.txt"; done
				tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' > "$2/devices.txt"
				"""
			.formatted(harness.port, store);
		Ran task = run("alice", script, "{}");
		assertThat(task.result("connect.txt")).doesNotContain("open").contains("Connection refused");
		assertThat(task.result("devices.txt").strip()).isEqualTo("lo");
	}

	@Test
	void aTaskCannotMakeUserNamespacesMountOrWriteTheSystem() throws Exception {
		String script = """
				unshare -U true 2>> "$2/tried.txt" || echo "userns refused" >> "$2/tried.txt"
				mount -t tmpfs none /tmp 2>> "$2/tried.txt" || echo "mount refused" >> "$2/tried.txt"
				touch /usr/x /etc/x 2>> "$2/tried.txt"
				echo pwned > /proc/sys/kernel/hostname 2>> "$2/tried.txt" || echo "sysctl refused" >> "$2/tried.txt"
				""";
		String tried = run("alice", script, "{}").result("tried.txt");
		assertThat(tried).contains("userns refused", "mount refused", "sysctl refused");
		assertThat(tried).contains("touch: cannot touch '/usr/x': Read-only file system",
				"touch: cannot touch '/etc/x': Read-only file system");
		assertThat(Path.of("/etc/x")).doesNotExist();
	}

	@Test
	void aForkBombIsHeldByTheContainersProcessLimit() throws Exception {
		String script = "timeout 3 bash -c 'for i in $(seq 200); do sleep 30 & done; wait' 2> \"$2/errors.txt\";"
				+ " cat /sys/fs/cgroup/pids.max > \"$2/limit.txt\" 2>/dev/null; exit 0";
		Ran task = run("alice", script, "{\"pidsMax\": 32}");
		assertThat(task.state()).isEqualTo("SUCCEEDED");
		assertThat(task.result("errors.txt")).contains("Resource temporarily unavailable");
	}

	@Test
	void theProcessLimitIsWrittenToTheContainersCgroup() throws Exception {
		String function = publish("alice", "sleep 2", "{\"pidsMax\": 48, \"memoryMaxMb\": 96}");
		submit(function, "t.txt", ALICE_TOKEN);
		harness.awaitTask(function, "t.txt", "RUNNING", Duration.ofSeconds(20));
		Path pids = Path.of("/sys/fs/cgroup/pids", harness.cgroupParent, function, "pids.max");
		Path memory = Path.of("/sys/fs/cgroup/memory", harness.cgroupParent, function, "memory.limit_in_bytes");
		assertThat(pids).content().isEqualToIgnoringWhitespace("48");
		assertThat(memory).content().isEqualToIgnoringWhitespace(Long.toString(96L * 1024 * 1024));
	}

	@Test
	void aTaskOverItsMemoryIsKilledAndFailsWithThatReason() throws Exception {
		// tail keeps a line without an end in memory: 300 MB of it.
		Ran task = run("alice", "head -c 300m /dev/zero | tail > /dev/null",
				"{\"memoryMaxMb\": 32, \"maxAttempts\": 1}");
		assertThat(task.state()).isEqualTo("FAILED");
		assertThat(task.record().get("reason").asString()).startsWith("killed for exceeding its memory limit of 32 MB");
	}

	@Test
	void aTaskThatFillsTmpFillsOnlyItsOwnSmallTmpfs() throws Exception {
		Ran task = run("alice", "head -c 20m /dev/zero > /tmp/big 2> \"$2/error.txt\"; du -k /tmp/big | cut -f1 >"
				+ " \"$2/kept.txt\"; exit 0", "{}");
		assertThat(task.result("error.txt")).as(task.log()).contains("No space left on device");
		assertThat(Long.parseLong(task.result("kept.txt").strip())).isLessThanOrEqualTo(4096);
	}

	@Test
	void aTaskThatFillsItsFolderFillsOnlyItsContainersDiskSize() throws Exception {
		Ran task = run("alice", "head -c 40m /dev/zero > \"$2/big\"; size=$(du -k \"$2/big\" | cut -f1);"
				+ " rm -f \"$2/big\"; echo \"$size\" > \"$2/kept.txt\"; exit 0", "{\"diskMaxMb\": 16}");
		assertThat(task.log()).contains("No space left on device");
		assertThat(Long.parseLong(task.result("kept.txt").strip())).isLessThanOrEqualTo(16 * 1024);
	}

	@Test
	void settingsThatWouldOverflowOrExceedTheProvidersMaximaAre400() throws Exception {
		for (String settings : List.of("{\"idleTimeoutSeconds\": 9223372036854775807}",
				"{\"taskTimeoutSeconds\": 1000000000000}", "{\"memoryMaxMb\": 4096}", "{\"pidsMax\": 100000}",
				"{\"diskMaxMb\": 100000}", "{\"cpuMax\": 100000}")) {
			HttpResponse<String> response = harness.json("POST", "/api/v1/functions", ADMIN_TOKEN,
					"{\"name\":\"greedy\",\"owner\":\"alice\",\"script\":\"true\",\"settings\":" + settings + "}");
			assertThat(response.statusCode()).as(settings + ": " + response.body()).isEqualTo(400);
			assertThat(response.body()).contains("must");
		}
	}

	@Test
	void aRestrictedContainerIsPinnedAtTheProvidersFloorWhateverItsCpuMin() throws Exception {
		String function = publish("alice", "sleep 3", "{\"cpuMin\": 350, \"cpuMax\": 400}");
		submit(function, "t.txt", ALICE_TOKEN);
		harness.awaitTask(function, "t.txt", "RUNNING", Duration.ofSeconds(20));
		HttpResponse<String> restricted = harness.send("PUT", "/api/v1/containers/" + function + "/restriction",
				ADMIN_TOKEN, null, null);
		assertThat(restricted.statusCode()).isEqualTo(200);
		assertThat(harness.read(restricted).get("limit").asInt()).isEqualTo(50);
	}

	@Test
	void inputObjectsWithNamesTooLongToFileLeaveTheQueueAndTheRestRuns() throws Exception {
		String function = publish("alice", "echo ran > \"$2/ran.txt\"", "{}");
		String tooLong = "n".repeat(TaskId.MAX_LENGTH + 1) + ".txt";
		String wayTooLong = "w".repeat(210);
		for (String name : List.of(tooLong, wayTooLong, "after.txt")) {
			s3.putObject(PutObjectArgs.builder()
				.bucket(function)
				.object("input/" + name)
				.stream(new java.io.ByteArrayInputStream(new byte[1]), 1, -1)
				.build());
		}
		Ran after = awaitEnd(function, "after.txt");
		assertThat(after.state()).isEqualTo("SUCCEEDED");
		// A move in S3 is a copy, then a delete: wait for both.
		ContainerManagerHarness.await("both long names dead-lettered and out of input/", Duration.ofSeconds(20),
				() -> exists(function, "failed/" + tooLong) && exists(function, "failed/" + wayTooLong)
						&& !exists(function, "input/" + tooLong) && !exists(function, "input/" + wayTooLong));
		assertThat(read(function, "logs/out-task-" + TaskStore.logNameOf(wayTooLong) + ".txt.error"))
			.contains("unsafe task name");
	}

	@Test
	void aResultWithANameTooLongToFileIsLeftOutAndTheTaskStillSucceeds() throws Exception {
		Ran task = run("alice", "echo long > \"$2/" + "r".repeat(200) + "\"; echo ok > \"$2/ok.txt\"", "{}");
		assertThat(task.state()).isEqualTo("SUCCEEDED");
		assertThat(task.record().get("resultKeys").toString()).contains("ok.txt").doesNotContain("rrrr");
		assertThat(task.log()).contains("too long name");
	}

	@Test
	void aTaskNameLongerThanTheLimitIsRefusedAtSubmission() throws Exception {
		String function = publish("alice", "true", "{}");
		HttpResponse<String> refused = harness.send("POST",
				"/api/v1/functions/" + function + "/tasks?name=" + "x".repeat(TaskId.MAX_LENGTH + 1), ALICE_TOKEN,
				"application/octet-stream", new byte[0]);
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("1 to 160 characters");
	}

	/** Publishes a new function for the owner, runs one task and waits for its end. */
	private static Ran run(String owner, String script, String settings) throws Exception {
		String function = publish(owner, script, settings);
		submit(function, "t.txt", owner.equals("alice") ? ALICE_TOKEN : BOB_TOKEN);
		return awaitEnd(function, "t.txt");
	}

	private static Ran awaitEnd(String function, String task) throws Exception {
		for (int i = 0; i < 600; i++) {
			JsonNode record = harness.task(function, task);
			String state = (record != null) ? record.get("state").asString() : "";
			if (state.equals("SUCCEEDED") || state.equals("FAILED")) {
				return new Ran(function, record);
			}
			Thread.sleep(50);
		}
		throw new AssertionError("task " + function + "/" + task + " did not end");
	}

	/** A task that ended, and what it left. */
	record Ran(String function, JsonNode record) {

		String state() {
			return this.record.get("state").asString();
		}

		String log() throws Exception {
			return read(this.function, this.record.get("logKey").asString());
		}

		String result(String file) throws Exception {
			return read(this.function, "results/" + this.record.get("id").asString() + "/" + file);
		}

	}

	private static String publish(String owner, String script, String settings) throws Exception {
		String function = "hostile-" + functions.incrementAndGet();
		harness.publish(function, owner, script, settings);
		return function;
	}

	private static void submit(String function, String task, String token) throws Exception {
		HttpResponse<String> response = harness.send("POST", "/api/v1/functions/" + function + "/tasks?name=" + task,
				token, "application/octet-stream", new byte[0]);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
	}

	private static String read(String bucket, String key) throws Exception {
		try (var in = s3.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private static boolean exists(String bucket, String key) {
		try {
			s3.statObject(io.minio.StatObjectArgs.builder().bucket(bucket).object(key).build());
			return true;
		}
		catch (Exception ex) {
			return false;
		}
	}

	private static String line(String report, String prefix) {
		return report.lines().filter((line) -> line.startsWith(prefix)).findFirst().orElse("");
	}

	/** The host uid of the process running {@code sleep <argument>}, once it runs. */
	private static long awaitUidOf(String argument) throws Exception {
		for (int i = 0; i < 200; i++) {
			Optional<Long> uid = uidOf("sleep\0" + argument + "\0");
			if (uid.isPresent()) {
				return uid.get();
			}
			Thread.sleep(50);
		}
		throw new AssertionError("no process runs sleep " + argument);
	}

	private static Optional<Long> uidOf(String commandLine) throws Exception {
		try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
			for (Path process : processes.filter((path) -> path.getFileName().toString().matches("\\d+")).toList()) {
				try {
					if (Files.readString(process.resolve("cmdline"), StandardCharsets.ISO_8859_1).equals(commandLine)) {
						return Files.readAllLines(process.resolve("status"))
							.stream()
							.filter((line) -> line.startsWith("Uid:"))
							.map((line) -> Long.valueOf(line.split("\\s+")[1]))
							.findFirst();
					}
				}
				catch (java.io.IOException ex) {
					// The process ended meanwhile.
				}
			}
		}
		return Optional.empty();
	}

}
