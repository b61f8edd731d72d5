package org.gridfaas.common.account;

/** What a user's CPU is billed on. */
public enum BillingBasis {

	/**
	 * CPU time the containers actually used, from their cgroup counters (the default).
	 */
	USED,

	/** The CPU limit in force over time, whether used or not. */
	ALLOCATED

}
