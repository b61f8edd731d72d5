package org.gridfaas.containers.task;

import org.gridfaas.common.api.AccountStanding;
import org.gridfaas.containers.account.AccountStandings;
import org.gridfaas.containers.account.AccountStandings.NoAccountException;
import org.gridfaas.containers.account.AccountStandings.StandingUnavailableException;
import org.gridfaas.containers.function.Function;

/**
 * Whether a function's owner may start new work (a container or a task), by their
 * standing with CreditManager. When CreditManager cannot be reached, nothing new starts.
 * Why work waits is logged once, until it changes.
 */
final class StartPermission {

	private final AccountStandings accounts;

	private final OnceWarnings warnings;

	StartPermission(AccountStandings accounts, OnceWarnings warnings) {
		this.accounts = accounts;
		this.warnings = warnings;
	}

	boolean mayStartWork(Function function) {
		String owner = function.owner().value();
		try {
			AccountStanding standing = this.accounts.standing(function.owner());
			this.warnings.forget(owner + ":standing");
			if (!standing.mayStartWork()) {
				this.warnings.warn(owner + ":" + standing.status(),
						"Tasks of " + function.name() + " wait: owner " + owner + " is " + standing.status()
								+ (standing.active() ? "" : " (inactive)") + " with a balance of " + standing.balance()
								+ ", so new work may not start");
			}
			else {
				this.warnings.forgetAllOf(owner + ":");
			}
			return standing.mayStartWork();
		}
		catch (NoAccountException ex) {
			this.warnings.warn(owner + ":standing", ex.getMessage() + "; tasks of " + function.name() + " wait");
			return false;
		}
		catch (StandingUnavailableException ex) {
			this.warnings.warn(owner + ":standing", ex.getMessage() + "; starting nothing new for " + owner);
			return false;
		}
	}

}
