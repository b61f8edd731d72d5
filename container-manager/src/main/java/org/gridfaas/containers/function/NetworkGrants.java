package org.gridfaas.containers.function;

import java.util.List;

import org.gridfaas.common.naming.FunctionName;
import org.gridfaas.containers.runtime.NetworkAccess;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The network the provider grants functions beyond the default of none. It lives in the
 * service's configuration, out of reach of every user: a function's settings and its
 * bucket's files cannot grant it.
 *
 * @param egress the functions whose tasks may open outbound connections
 */
@ConfigurationProperties("gridfaas.functions.network")
public record NetworkGrants(@DefaultValue List<String> egress) {

	public NetworkGrants {
		// Each is checked as a function name, so a typo fails at start.
		egress = List.copyOf(egress.stream().map(FunctionName::of).map(FunctionName::value).toList());
	}

	/** The network the function's tasks get. */
	public NetworkAccess of(FunctionName function) {
		return this.egress.contains(function.value()) ? NetworkAccess.EGRESS : NetworkAccess.NONE;
	}

}
