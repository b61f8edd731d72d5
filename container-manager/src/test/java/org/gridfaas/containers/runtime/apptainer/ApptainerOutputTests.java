package org.gridfaas.containers.runtime.apptainer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.gridfaas.containers.runtime.RuntimeFailure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Parsing what Apptainer prints, on outputs recorded in the shape Apptainer 1.x emits
 * ({@code instance list --json} is tab-indented with the fields {@code instance},
 * {@code pid}, {@code img}, {@code ip}, {@code logErrPath}, {@code logOutPath}).
 */
class ApptainerOutputTests {

	@Test
	void theInstanceListGivesNamePidAndImage() throws IOException {
		assertThat(InstanceList.parse(fixture("instance-list.json"))).containsExactly(
				new InstanceList.Instance("gridfaas.stress", 48213, "/srv/gridfaas/work/stress/stress.sif"),
				new InstanceList.Instance("someone-elses", 51002, "/home/carol/lab.sif"));
	}

	@Test
	void anEmptyInstanceListHasNoInstances() throws IOException {
		assertThat(InstanceList.parse(fixture("instance-list-empty.json"))).isEmpty();
	}

	@Test
	void outputThatIsNotAnInstanceListIsAClearFailure() {
		assertThatThrownBy(() -> InstanceList.parse("FATAL:   not a JSON document")).isInstanceOf(RuntimeFailure.class)
			.hasMessageContaining("Cannot parse");
		assertThatThrownBy(() -> InstanceList.parse("{\"other\": []}")).isInstanceOf(RuntimeFailure.class)
			.hasMessageContaining("no 'instances'");
	}

	@Test
	void aV1InstanceCgroupIsFoundInItsCpuAndCpuacctLines() throws IOException {
		assertThat(ProcCgroup.parse(fixture("proc-cgroup-v1.txt")))
			.hasValue(new ProcCgroup.Paths("system.slice/apptainer-48213.scope", "system.slice/apptainer-48213.scope"));
	}

	@Test
	void aV2InstanceCgroupIsTheUnifiedLine() throws IOException {
		String scope = "user.slice/user-1000.slice/user@1000.service/user.slice/apptainer-48213.scope";
		assertThat(ProcCgroup.parse(fixture("proc-cgroup-v2.txt"))).hasValue(new ProcCgroup.Paths(scope, scope));
	}

	@Test
	void aProcessWithoutCpuCgroupsHasNone() {
		assertThat(ProcCgroup.parse("1:name=systemd:/\n")).isEmpty();
	}

	private static String fixture(String name) throws IOException {
		try (InputStream in = ApptainerOutputTests.class.getResourceAsStream(name)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
