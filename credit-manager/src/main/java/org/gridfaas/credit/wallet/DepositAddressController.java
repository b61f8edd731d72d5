package org.gridfaas.credit.wallet;

import org.gridfaas.common.naming.UserName;
import org.gridfaas.common.web.NotFoundException;
import org.gridfaas.credit.account.AccountRepository;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/accounts/{user}/deposit-address}: where the user sends GRC (the user
 * or the admin). Made on first use.
 */
@RestController
class DepositAddressController {

	private final AccountRepository accounts;

	private final Wallet wallet;

	DepositAddressController(AccountRepository accounts, Wallet wallet) {
		this.accounts = accounts;
		this.wallet = wallet;
	}

	@GetMapping("/api/v1/accounts/{user}/deposit-address")
	DepositAddress depositAddress(@PathVariable UserName user) {
		NotFoundException.throwIfNotFound(this.accounts.find(user), "No account for user " + user);
		String address = NotFoundException.throwIfNotFound(this.wallet.depositAddress(user),
				"This CreditManager uses the local wallet, which has no deposit addresses: the admin posts deposits");
		return new DepositAddress(user, address);
	}

	/**
	 * @param user whose address it is
	 * @param address the Gridcoin address to send to
	 */
	record DepositAddress(UserName user, String address) {
	}

}
