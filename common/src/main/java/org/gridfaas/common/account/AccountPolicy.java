package org.gridfaas.common.account;

/**
 * What a user's containers may do while the balance is low (at or under min_balance but
 * above zero), as in the prototype.
 */
public enum AccountPolicy {

	/** Keep starting containers and tasks until the balance reaches zero. */
	GREEDY,

	/** Finish the running task but start nothing new. */
	CONSERVATIVE

}
