package org.gridfaas.containers.account;

import org.gridfaas.common.api.AccountStanding;
import org.gridfaas.common.naming.UserName;

/**
 * Where ContainerManager learns whether a user may start work: CreditManager's {@code GET
 * /api/v1/accounts/{user}}. Asked before a container or a task starts.
 */
public interface AccountStandings {

	/**
	 * The user's standing.
	 * @throws NoAccountException when the user has no account
	 * @throws StandingUnavailableException when the answer cannot be had now; start
	 * nothing
	 */
	AccountStanding standing(UserName user);

	/** The user has no account, so nothing of theirs may run. */
	class NoAccountException extends RuntimeException {

		public NoAccountException(UserName user) {
			super("User " + user + " has no account");
		}

	}

	/** CreditManager cannot be reached or answered with an error. */
	class StandingUnavailableException extends RuntimeException {

		public StandingUnavailableException(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
