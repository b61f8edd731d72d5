package org.gridfaas.credit.containermanager;

import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;

import org.gridfaas.common.InvalidValueException;
import org.gridfaas.common.api.WorkerHeartbeat;
import org.gridfaas.common.api.WorkerView;
import org.gridfaas.common.cpu.CpuShares;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The worker registry (admin only): ContainerManagers beat here, and from then on are
 * metered and enforced. CreditManager sends the admin token to the URL a worker gives, so
 * only the admin may register one, and only a plain {@code http(s)://host[:port][/path]}
 * is taken.
 */
@RestController
@RequestMapping("/api/v1/workers")
class WorkerController {

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

	private final ContainerManagers containerManagers;

	WorkerController(ContainerManagers containerManagers) {
		this.containerManagers = containerManagers;
	}

	@PutMapping("/{name}")
	WorkerView heartbeat(@PathVariable String name, @RequestBody WorkerHeartbeat heartbeat) {
		if (!NAME.matcher(name).matches()) {
			throw new InvalidValueException(
					"name: 1 to 63 letters, digits, '.', '_' or '-', starting with a letter or digit");
		}
		URI url = checkedUrl(heartbeat.url());
		if (heartbeat.cpuCapacity() < 1 || heartbeat.cpuCapacity() > CpuShares.MAX) {
			throw new InvalidValueException("cpuCapacity: shares from 1 to " + CpuShares.MAX + " (100 = one core)");
		}
		this.containerManagers.heartbeat(name, url, heartbeat.cpuCapacity());
		return this.containerManagers.workers()
			.stream()
			.filter((worker) -> worker.name().equals(name))
			.findFirst()
			.orElseThrow();
	}

	@GetMapping
	List<WorkerView> workers() {
		return this.containerManagers.workers();
	}

	private static URI checkedUrl(URI url) {
		if (url == null || url.getHost() == null || !url.isAbsolute()
				|| !("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getUserInfo() != null
				|| url.getRawQuery() != null || url.getRawFragment() != null || url.toString().length() > 500) {
			throw new InvalidValueException(
					"url: an http or https URL with a host, and no user, query or fragment (at most 500 characters)");
		}
		return url;
	}

}
